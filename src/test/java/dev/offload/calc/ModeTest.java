package dev.offload.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.offload.error.InvalidParameterException;

/** A strategy by the name clients write: lower case, exactly. */
class ModeTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void eachModeReadsBackFromItsWireName(Mode mode) {
        assertThat(Mode.parse("mode", mode.wireName())).isSameAs(mode);
    }

    @Test
    void wireNamesAreLowerCase() {
        assertThat(Mode.SYNC.wireName()).isEqualTo("sync");
        assertThat(Mode.AUTO.wireName()).isEqualTo("auto");
    }

    @ParameterizedTest
    @ValueSource(strings = { "SYNC", "Async", "", "fast", " auto" })
    void anythingElseIsA400ThatListsTheModes(String raw) {
        assertThatThrownBy(() -> Mode.parse("mode", raw)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("mode must be one of sync, async, auto")
                .satisfies(e -> assertThat(((InvalidParameterException) e).value()).isEqualTo(raw));
    }
}
