package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.offload.error.InvalidParameterException;

/** A request's deadline from its headers: the shortest of the lane's timeout and what each header asks for. */
class DeadlineTest {

    static final Duration LANE = Duration.ofSeconds(10);

    static Duration budgetOf(Map<String, String> headers) {
        return Deadline.fromHeaders(LANE, headers::get).budget();
    }

    @Test
    void anyOfTheThreeHeadersMeansTheRequestAsksForADeadline() {
        assertThat(Deadline.anyHeader(Map.<String, String> of()::get)).isFalse();
        assertThat(Deadline.anyHeader(Map.of("Accept", "*/*")::get)).isFalse();
        assertThat(Deadline.anyHeader(Map.of(Deadline.TIMEOUT_MILLIS, "soon")::get)).isTrue();
        assertThat(Deadline.anyHeader(Map.of(Deadline.GRPC_TIMEOUT, "5S")::get)).isTrue();
        assertThat(Deadline.anyHeader(Map.of(Deadline.ENVOY_EXPECTED_TIMEOUT, "0")::get)).isTrue();
    }

    @Test
    void withoutHeadersItIsTheLanesTimeout() {
        assertThat(budgetOf(Map.of())).isEqualTo(LANE);
    }

    @ParameterizedTest
    @CsvSource({ "1, 1", "500, 500", "10000, 10000" })
    void timeoutMillisAsksForLess(String header, long millis) {
        assertThat(budgetOf(Map.of(Deadline.TIMEOUT_MILLIS, header))).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-1", "10001", "abc", "1.5", "", " 5" })
    void timeoutMillisOutsideOneToTheLanesTimeoutIsA400NamingIt(String header) {
        assertThatThrownBy(() -> budgetOf(Map.of(Deadline.TIMEOUT_MILLIS, header)))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo(Deadline.TIMEOUT_MILLIS))
                .hasMessage("X-Timeout-Millis must be an integer between 1 and 10000");
    }

    @ParameterizedTest
    @CsvSource({ "200m, PT0.2S", "2S, PT2S", "1M, PT10S", "1H, PT10S", "99999999n, PT0.099999999S", "1500u, PT0.0015S",
            "12345678m, PT10S" })
    void grpcTimeoutIsReadWithItsUnitAndCutToTheLanesTimeout(String header, Duration budget) {
        assertThat(budgetOf(Map.of(Deadline.GRPC_TIMEOUT, header))).isEqualTo(budget);
    }

    @ParameterizedTest
    @CsvSource({ "2H, PT2H", "3M, PT3M", "4S, PT4S", "5m, PT0.005S", "6u, PT0.000006S", "7n, PT0.000000007S" })
    void eachGrpcUnitIsReadAsItsOwn(String header, Duration timeout) {
        assertThat(Deadline.grpcTimeout(header)).isEqualTo(timeout);
    }

    @Test
    void envoysZeroIsLongerThanAnyLanesTimeout() {
        assertThat(Deadline.envoyTimeout("0")).isGreaterThan(ChronoUnit.MILLENNIA.getDuration());
        assertThat(Deadline.envoyTimeout("1")).isEqualTo(Duration.ofMillis(1));
    }

    @ParameterizedTest
    @ValueSource(strings = { "200", "m", "200ms", "123456789m", "0m", "-5S", "2s", "1.5S", " 1S", "1D" })
    void aMalformedGrpcTimeoutIsA400NamingIt(String header) {
        assertThatThrownBy(() -> budgetOf(Map.of(Deadline.GRPC_TIMEOUT, header)))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo(Deadline.GRPC_TIMEOUT));
    }

    @ParameterizedTest
    @CsvSource({ "250, PT0.25S", "0, PT10S", "99999, PT10S" })
    void envoysTimeoutIsCutToTheLanesAndZeroMeansNone(String header, Duration budget) {
        assertThat(budgetOf(Map.of(Deadline.ENVOY_EXPECTED_TIMEOUT, header))).isEqualTo(budget);
    }

    @ParameterizedTest
    @ValueSource(strings = { "-1", "1.5", "abc", "", "1e3", "9999999999999999999" })
    void aMalformedEnvoyTimeoutIsA400NamingIt(String header) {
        assertThatThrownBy(() -> budgetOf(Map.of(Deadline.ENVOY_EXPECTED_TIMEOUT, header)))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter())
                        .isEqualTo(Deadline.ENVOY_EXPECTED_TIMEOUT));
    }

    @Test
    void theShortestOfEveryHeaderWins() {
        assertThat(budgetOf(Map.of(Deadline.TIMEOUT_MILLIS, "700", Deadline.GRPC_TIMEOUT, "300m",
                Deadline.ENVOY_EXPECTED_TIMEOUT, "500"))).isEqualTo(Duration.ofMillis(300));
        assertThat(budgetOf(Map.of(Deadline.TIMEOUT_MILLIS, "200", Deadline.GRPC_TIMEOUT, "300m")))
                .isEqualTo(Duration.ofMillis(200));
        assertThat(budgetOf(Map.of(Deadline.GRPC_TIMEOUT, "3S", Deadline.ENVOY_EXPECTED_TIMEOUT, "400")))
                .isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void remainingCountsDown() {
        assertThat(new Deadline(Duration.ofMillis(5), System.nanoTime() - 1).remaining()).isNegative();
        assertThat(Deadline.in(Duration.ofHours(1)).remaining()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void currentIsBoundOnlyWhileTheDoorRunsTheWork() throws Exception {
        assertThat(Deadline.current()).isEmpty();
        Deadline deadline = Deadline.in(Duration.ofSeconds(1));
        assertThat(ScopedValue.where(Deadline.CURRENT, deadline).call(Deadline::current)).contains(deadline);
        assertThat(Deadline.current()).isEmpty();
    }
}
