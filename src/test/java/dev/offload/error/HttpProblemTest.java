package dev.offload.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A definite answer to the client: a status, its reason, a message, and for a 503 when to come back. */
class HttpProblemTest {

    @Test
    void itCarriesItsStatusReasonAndMessageIntoTheBody() {
        HttpProblem problem = new HttpProblem(503, "Service Unavailable", "busy", Duration.ofSeconds(3));

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.reason()).isEqualTo("Service Unavailable");
        assertThat(problem.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(problem.body()).isEqualTo(new ErrorBody(503, "Service Unavailable", "busy", null, null));
    }

    @Test
    void itHasNoRetryAfterUnlessGivenOneAndNoStackTrace() {
        HttpProblem problem = new HttpProblem(504, "Gateway Timeout", "late", null);

        assertThat(problem.retryAfter()).isEmpty();
        assertThat(problem.getStackTrace()).as("thrown under overload: a stack trace would cost more").isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "0, 1", "1, 1", "999, 1", "1000, 1", "1001, 2", "2500, 3", "60000, 60" })
    void retryAfterIsInWholeSecondsRoundedUpAndAtLeastOne(long millis, long seconds) {
        assertThat(HttpProblem.retryAfterSeconds(Duration.ofMillis(millis))).isEqualTo(seconds);
    }
}
