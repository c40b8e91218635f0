package dev.offload.door;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.offload.error.IntegerParam;
import dev.offload.error.InvalidParameterException;

/**
 * When a request's work must be done: the lane's timeout, shortened by what the client asks for in any of the
 * three headers that other ecosystems send. The door binds it in {@link #CURRENT} wherever the work runs, so the
 * work can read its remaining budget and give up early instead of starting what it cannot finish.
 *
 * @param budget how long the request may take from its arrival, waiting for a slot included
 * @param expiresAt the {@link System#nanoTime()} at which the budget runs out
 */
public record Deadline(Duration budget, long expiresAt) {

    /** Ours: a whole number of milliseconds, 1 to the lane's timeout; anything else is a 400. */
    public static final String TIMEOUT_MILLIS = "X-Timeout-Millis";
    /**
     * gRPC's: up to 8 digits and a unit ({@code H}, {@code M}, {@code S}, {@code m}, {@code u}, {@code n}), e.g.
     * {@code 200m}; a longer one than the lane's timeout is cut to it, as a gRPC server does.
     */
    public static final String GRPC_TIMEOUT = "grpc-timeout";
    /**
     * Envoy's: the route's timeout in milliseconds, which Envoy sets for the service behind it; {@code 0} means
     * none; a longer one than the lane's timeout is cut to it.
     */
    public static final String ENVOY_EXPECTED_TIMEOUT = "x-envoy-expected-rq-timeout-ms";

    /** The deadline of the work running on this thread, bound by the door for the work's duration. */
    public static final ScopedValue<Deadline> CURRENT = ScopedValue.newInstance();

    private static final Pattern GRPC = Pattern.compile("([0-9]{1,8})([HMSmun])");
    private static final Pattern ENVOY = Pattern.compile("[0-9]{1,18}");
    private static final Duration UNBOUNDED = Duration.ofSeconds(Long.MAX_VALUE);

    /** A deadline {@code budget} from now. */
    public static Deadline in(Duration budget) {
        return new Deadline(budget, System.nanoTime() + budget.toNanos());
    }

    /**
     * The deadline of a request that arrives now on a lane with {@code laneTimeout}: the shortest of the lane's
     * timeout and every deadline header the request carries.
     *
     * @param header a request's header by name, {@code null} when absent
     * @throws InvalidParameterException naming the header that is malformed, or an {@code X-Timeout-Millis}
     *         outside 1 to the lane's timeout
     */
    public static Deadline fromHeaders(Duration laneTimeout, UnaryOperator<String> header) {
        Duration budget = laneTimeout;
        String ours = header.apply(TIMEOUT_MILLIS);
        if (ours != null) {
            budget = Duration.ofMillis(IntegerParam.parse(TIMEOUT_MILLIS, ours, 1, laneTimeout.toMillis()));
        }
        String grpc = header.apply(GRPC_TIMEOUT);
        if (grpc != null) {
            budget = shorter(budget, grpcTimeout(grpc));
        }
        String envoy = header.apply(ENVOY_EXPECTED_TIMEOUT);
        if (envoy != null) {
            budget = shorter(budget, envoyTimeout(envoy));
        }
        return in(budget);
    }

    /** Whether a request has any of the deadline headers, which {@link #fromHeaders} reads. */
    static boolean anyHeader(UnaryOperator<String> header) {
        return header.apply(TIMEOUT_MILLIS) != null || header.apply(GRPC_TIMEOUT) != null
                || header.apply(ENVOY_EXPECTED_TIMEOUT) != null;
    }

    /** How long is left; zero or negative once it has passed. */
    public Duration remaining() {
        return Duration.ofNanos(expiresAt - System.nanoTime());
    }

    /** The deadline of the work on this thread, if the door runs it. */
    public static Optional<Deadline> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    private static Duration shorter(Duration a, Duration b) {
        return b.compareTo(a) < 0 ? b : a;
    }

    static Duration grpcTimeout(String raw) {
        Matcher m = GRPC.matcher(raw);
        if (!m.matches()) {
            throw new InvalidParameterException(GRPC_TIMEOUT, raw,
                    "must be 1 to 8 digits and a unit (H, M, S, m, u, n), e.g. 200m");
        }
        long amount = Long.parseLong(m.group(1));
        Duration timeout = switch (m.group(2)) {
            case "H" -> Duration.ofHours(amount);
            case "M" -> Duration.ofMinutes(amount);
            case "S" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMillis(amount);
            case "u" -> Duration.ofNanos(amount * 1000);
            default -> Duration.ofNanos(amount);
        };
        if (timeout.isZero()) {
            throw new InvalidParameterException(GRPC_TIMEOUT, raw, "must be more than zero");
        }
        return timeout;
    }

    static Duration envoyTimeout(String raw) {
        if (!ENVOY.matcher(raw).matches()) {
            throw new InvalidParameterException(ENVOY_EXPECTED_TIMEOUT, raw, "must be a whole number of milliseconds");
        }
        long millis = Long.parseLong(raw);
        // Envoy sends 0 for a route without a timeout: no bound beyond the lane's.
        return millis == 0 ? UNBOUNDED : Duration.ofMillis(millis);
    }
}
