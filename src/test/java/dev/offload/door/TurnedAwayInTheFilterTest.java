package dev.offload.door;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link TurnedAwayTest} with the route before routing switched off: the door's filter sends the same answers. */
@QuarkusTest
@TestProfile(TurnedAwayInTheFilterTest.FilterOnly.class)
class TurnedAwayInTheFilterTest extends TurnedAwayTest {

    /** TightLimits, and {@code offload.lanes.shed.before-routing=false}. */
    public static class FilterOnly extends TightLimits {
        @Override
        public Map<String, String> getConfigOverrides() {
            return tightLimitsWith("offload.lanes.shed.before-routing", "false");
        }
    }

    @Override
    int expectedBeforeRouting(int turnedAway) {
        return 0;
    }
}
