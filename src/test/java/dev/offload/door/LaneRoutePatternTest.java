package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The paths {@link TurnAwayBeforeRouting} takes for a lane's: each parameter one whole segment, the rest literal. */
class LaneRoutePatternTest {

    static boolean matches(String template, String path) {
        Pattern pattern = TurnAwayBeforeRouting.pattern(template);
        return pattern.matcher(path).matches();
    }

    @Test
    void aParameterIsOneWholeSegment() {
        assertThat(matches("/calc/{x}", "/calc/5")).isTrue();
        assertThat(matches("/calc/{x}", "/calc/-12")).isTrue();
        assertThat(matches("/calc/{x}", "/calc/")).isFalse();
        assertThat(matches("/calc/{x}", "/calc/5/6")).isFalse();
        assertThat(matches("/calc/{x}", "/calcs/5")).isFalse();
        assertThat(matches("/a/{x}/b/{y}", "/a/1/b/2")).isTrue();
        assertThat(matches("/a/{x}/b/{y}", "/a/1/c/2")).isFalse();
    }

    @Test
    void theRestIsLiteral() {
        assertThat(matches("/sync-route", "/sync-route")).isTrue();
        assertThat(matches("/sync-route", "/sync-route/virtual")).isFalse();
        assertThat(matches("/sync-route/virtual", "/sync-route")).isFalse();
        assertThat(matches("/a.b", "/aXb")).isFalse();
        assertThat(matches("/a.b", "/a.b")).isTrue();
    }

    @Test
    void literalCharactersCountWithoutTheParameters() {
        assertThat(TurnAwayBeforeRouting.literalLength("/sync-route/virtual")).isEqualTo(19);
        assertThat(TurnAwayBeforeRouting.literalLength("/sync-route/{how}")).isEqualTo(12);
    }
}
