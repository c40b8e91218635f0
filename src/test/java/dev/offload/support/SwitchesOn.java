package dev.offload.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The application with its off-by-default switches flipped, shared by the tests of those switches so that Quarkus
 * starts once for all of them: the delay switch on ({@code PUT /sync-task/delay}), the anti-pattern endpoint on,
 * {@code /calc}'s strategy async when the request names none, and the live page's loads off. None of these tests
 * depends on the others' switches: each asks only about its own.
 */
public class SwitchesOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("offload.sync-task.delay-switch", "true",
                "offload.anti-pattern.enabled", "true",
                "offload.calc.default-mode", "async",
                "offload.live.load.enabled", "false");
    }
}
