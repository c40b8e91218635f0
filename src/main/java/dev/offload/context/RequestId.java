package dev.offload.context;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import dev.offload.error.InvalidParameterException;

/** The per-request id: taken from the {@code X-Request-Id} header, generated when absent. */
public final class RequestId {

    public static final String HEADER = "X-Request-Id";

    /** The request id as a context variable, visible in every thread the request's work hops to. */
    public static final ContextVar<String> VAR = ContextVar.named("request-id");

    /**
     * The request id as Java 25's {@code ScopedValue}: bound for the scope of a call, read by that call and what it
     * calls on the same thread, and gone when it returns. A thread pool's thread does not inherit it: work moved
     * there rebinds it, in one line, {@code ScopedValue.where(RequestId.SCOPED, id).call(work)}.
     */
    public static final ScopedValue<String> SCOPED = ScopedValue.newInstance();

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestId() {
    }

    /**
     * The header's value, or a new random id when the header is absent.
     *
     * @throws InvalidParameterException if the header is present but empty, longer than 128 characters, or
     *         has characters other than letters, digits and {@code . _ : -}
     */
    public static String fromHeaderOrNew(String header) {
        if (header == null) {
            return newId();
        }
        if (!ACCEPTED.matcher(header).matches()) {
            throw new InvalidParameterException(HEADER, header,
                    "must be 1 to 128 letters, digits or the characters . _ : -");
        }
        return header;
    }

    /**
     * A random version-4 UUID from {@link ThreadLocalRandom}. Not {@code UUID.randomUUID()}: that draws on
     * {@code SecureRandom}, which reads {@code /dev/urandom}, a file read on the event loop (the blocking-call
     * detector caught it). A request id must be unique, not unguessable.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
