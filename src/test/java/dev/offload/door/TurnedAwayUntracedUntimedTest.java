package dev.offload.door;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link TurnedAwayTest} with both {@code offload.lanes.shed.traced=false} and {@code offload.lanes.shed.timed=false}:
 * the metrics decide as the request arrives and the tracer reads their decision ({@link ShedOnArrival}), so a 503
 * sent before routing has neither span nor timer, and a request let in has both.
 */
@QuarkusTest
@TestProfile(TurnedAwayUntracedUntimedTest.UntracedUntimed.class)
class TurnedAwayUntracedUntimedTest extends TurnedAwayTest {

    /** TightLimits, and neither traced nor timed. */
    public static class UntracedUntimed extends TightLimits {
        @Override
        public Map<String, String> getConfigOverrides() {
            return tightLimitsWith("offload.lanes.shed.traced", "false", "offload.lanes.shed.timed", "false");
        }
    }

    @Override
    int expectedTraced(int turnedAway) {
        return 0;
    }

    @Override
    int expectedTimed(int turnedAway) {
        return 0;
    }
}
