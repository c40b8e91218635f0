package dev.offload.door;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link TurnedAwayTest} with {@code offload.lanes.shed.timed=false}: the same answers and counts, all sent before
 * routing, each 503 still with its span, and none of them in {@code http.server.requests} ({@link ShedOnArrival},
 * {@link SkipTurnedAwayMetrics}); the requests let in are timed and traced.
 */
@QuarkusTest
@TestProfile(TurnedAwayUntimedTest.Untimed.class)
class TurnedAwayUntimedTest extends TurnedAwayTest {

    /** TightLimits, and {@code offload.lanes.shed.timed=false}. */
    public static class Untimed extends TightLimits {
        @Override
        public Map<String, String> getConfigOverrides() {
            return tightLimitsWith("offload.lanes.shed.timed", "false");
        }
    }

    @Override
    int expectedTimed(int turnedAway) {
        return 0;
    }
}
