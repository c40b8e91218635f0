package dev.offload.calc;

import java.math.BigInteger;

import dev.offload.where.RanOn;

/**
 * What a {@link CalcStrategy} produced.
 *
 * @param result {@code x*x + x}
 * @param ranAs the mode that actually ran ({@code auto} resolves to {@code sync} or {@code async})
 * @param work the thread that ran {@link SquarePlus}
 */
public record Calculation(BigInteger result, Mode ranAs, RanOn work) {
}
