package dev.offload.error;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Reads an integer parameter the way Python's {@code int(...)} reads a decimal string: optional sign,
 * digits, any magnitude; then checks it against the endpoint's bounds, so that nothing is silently
 * truncated or wrapped.
 */
public final class IntegerParam {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]{1,4000}");

    private IntegerParam() {
    }

    /**
     * @throws InvalidParameterException if {@code raw} is absent, not a decimal integer, or outside [{@code min}, {@code max}]
     */
    public static long parse(String parameter, String raw, long min, long max) {
        String problem = "must be an integer between " + min + " and " + max;
        if (raw == null || !DECIMAL.matcher(raw).matches()) {
            throw new InvalidParameterException(parameter, raw, problem);
        }
        BigInteger value = new BigInteger(raw);
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new InvalidParameterException(parameter, raw, problem);
        }
        return value.longValueExact();
    }
}
