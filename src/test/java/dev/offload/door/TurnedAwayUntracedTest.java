package dev.offload.door;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link TurnedAwayTest} with {@code offload.lanes.shed.traced=false}: the same answers and counts, all sent before
 * routing, and none of the 503s has a span ({@link ShedOnArrival}); the requests let in keep theirs.
 */
@QuarkusTest
@TestProfile(TurnedAwayUntracedTest.Untraced.class)
class TurnedAwayUntracedTest extends TurnedAwayTest {

    /** TightLimits, and {@code offload.lanes.shed.traced=false}. */
    public static class Untraced extends TightLimits {
        @Override
        public Map<String, String> getConfigOverrides() {
            return tightLimitsWith("offload.lanes.shed.traced", "false");
        }
    }

    @Override
    int expectedTraced(int turnedAway) {
        return 0;
    }
}
