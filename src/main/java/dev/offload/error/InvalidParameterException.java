package dev.offload.error;

/**
 * A request parameter (path, query or header) that the endpoint does not accept: answered with a 400
 * whose JSON body names the parameter, the value and what is wrong with it.
 */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;
    private final String value;

    /**
     * @param parameter the parameter's name as the client wrote it, e.g. {@code x}, {@code n}, {@code X-Request-Id}
     * @param value the rejected value, as received
     * @param problem what a valid value looks like, e.g. "must be an integer between 0 and 1000"
     */
    public InvalidParameterException(String parameter, String value, String problem) {
        super(parameter + " " + problem);
        this.parameter = parameter;
        this.value = value;
    }

    public String parameter() {
        return parameter;
    }

    public String value() {
        return value;
    }
}
