package dev.offload.observe;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

final class LoopProbes {

    private LoopProbes() {
    }

    /**
     * A loop runs its overdue probe just after the task that held it, which may be after the response reached
     * the test: waiting for one more probe on every loop makes sure a late one has been recorded.
     */
    static void waitUntilEveryLoopHasProbedAgain(EventLoopLag lag) {
        Map<String, Long> before = lag.loops().stream()
                .collect(Collectors.toMap(EventLoopLag.LoopState::loop, EventLoopLag.LoopState::probesRun));
        await().atMost(Duration.ofSeconds(5)).until(() -> lag.loops().stream()
                .allMatch(loop -> loop.probesRun() > before.getOrDefault(loop.loop(), -1L)));
    }
}
