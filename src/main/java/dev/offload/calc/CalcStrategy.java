package dev.offload.calc;

import io.smallrye.mutiny.Uni;

/**
 * One way to run {@link SquarePlus}. Every strategy returns a {@link Uni}, whatever thread it uses: the
 * Java form of seed 003's rule that the dependency always returns a coroutine, so the endpoint awaits
 * each one the same way.
 */
public interface CalcStrategy {

    Mode mode();

    Uni<Calculation> calculate(long x);
}
