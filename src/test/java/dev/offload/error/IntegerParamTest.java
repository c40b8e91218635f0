package dev.offload.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** An integer parameter read as Python's {@code int(...)} reads one, then held to the endpoint's bounds. */
class IntegerParamTest {

    static final long MIN = -5;
    static final long MAX = 1000;

    @ParameterizedTest
    @CsvSource({ "-5, -5", "1000, 1000", "0, 0", "+7, 7", "-0, 0", "0042, 42" })
    void aDecimalWithinTheBoundsIsItsValue(String raw, long value) {
        assertThat(IntegerParam.parse("x", raw, MIN, MAX)).isEqualTo(value);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "-6", "1001", "", "+", "1.0", "1e3", " 1", "0x10", "١٢", "99999999999999999999999" })
    void anythingElseIsA400NamingTheParameterItsValueAndTheBounds(String raw) {
        assertThatThrownBy(() -> IntegerParam.parse("x", raw, MIN, MAX)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("x must be an integer between -5 and 1000")
                .satisfies(e -> {
                    assertThat(((InvalidParameterException) e).parameter()).isEqualTo("x");
                    assertThat(((InvalidParameterException) e).value()).isEqualTo(raw);
                });
    }

    @Test
    void theWholeLongRangeIsReadExactly() {
        assertThat(IntegerParam.parse("x", "-9223372036854775808", Long.MIN_VALUE, Long.MAX_VALUE))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(IntegerParam.parse("x", "9223372036854775807", Long.MIN_VALUE, Long.MAX_VALUE))
                .isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> IntegerParam.parse("x", "9223372036854775808", Long.MIN_VALUE, Long.MAX_VALUE))
                .as("one past the largest long is refused, not wrapped").isInstanceOf(InvalidParameterException.class);
    }
}
