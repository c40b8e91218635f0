package dev.offload.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The JSON body of every error: a 400 names the parameter and echoes its value, cut short when it is long. */
class ErrorBodyTest {

    static final int LONGEST_ECHOED = 200;

    @Test
    void aBadParameterIsA400ThatNamesItAndEchoesItsValue() {
        ErrorBody body = ErrorBody.of(new InvalidParameterException("x", "abc", "must be an integer"));

        assertThat(body).isEqualTo(new ErrorBody(400, "Bad Request", "x must be an integer", "x", "abc"));
    }

    @Test
    void aValueIsEchoedWholeUpTo200CharactersAndCutBeyond() {
        String longest = "v".repeat(LONGEST_ECHOED);

        assertThat(ErrorBody.of(new InvalidParameterException("x", longest, "is wrong")).value()).isEqualTo(longest);
        assertThat(ErrorBody.of(new InvalidParameterException("x", longest + "w", "is wrong")).value())
                .isEqualTo(longest + "...");
    }

    @Test
    void anAbsentValueStaysAbsent() {
        assertThat(ErrorBody.of(new InvalidParameterException("x", null, "is required")).value()).isNull();
    }

    @Test
    void anAnswerWithoutAParameterNamesNone() {
        assertThat(ErrorBody.of(503, "Service Unavailable", "busy"))
                .isEqualTo(new ErrorBody(503, "Service Unavailable", "busy", null, null));
    }
}
