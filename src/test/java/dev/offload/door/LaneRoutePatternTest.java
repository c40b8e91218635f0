package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpMethod;

/**
 * The requests {@link TurnAwayBeforeRouting} takes for a lane's: the operation's method, each parameter of its path one
 * whole segment, the rest literal (a path without parameters is compared as a string, not matched as a pattern).
 */
class LaneRoutePatternTest {

    static boolean matches(String template, String path) {
        return route(template).matches(HttpMethod.GET, path);
    }

    static TurnAwayBeforeRouting.LaneRoute route(String template) {
        return new TurnAwayBeforeRouting.LaneRoute(HttpMethod.GET, TurnAwayBeforeRouting.pattern(template), template,
                Lane.SYNC_ROUTE);
    }

    @Test
    void theMethodIsTheOperations() {
        assertThat(route("/sync-route").matches(HttpMethod.POST, "/sync-route")).isFalse();
        assertThat(route("/calc/{x}").matches(HttpMethod.POST, "/calc/5")).isFalse();
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
