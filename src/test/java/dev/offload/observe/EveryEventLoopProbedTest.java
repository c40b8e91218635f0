package dev.offload.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link EventLoopLag} reaches the event loops through verticle instances, which Vert.x spreads over the loops in
 * turn: this shows that every loop got exactly one probe, judged by the threads themselves, not by how the probes
 * were placed. The loops alive are the {@code vert.x-eventloop-thread-*} threads of the JVM; Quarkus sizes the pool
 * by {@code quarkus.vertx.event-loops-pool-size}, by default as many as the processors (2 at least).
 */
@QuarkusTest
class EveryEventLoopProbedTest {

    static final String LOOP_THREAD = "vert.x-eventloop-thread-";

    @Inject
    EventLoopLag lag;

    @Test
    void everyEventLoopThreadHasOneProbe() {
        int poolSize = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.vertx.event-loops-pool-size", Integer.class)
                .orElse(Math.max(2, Runtime.getRuntime().availableProcessors()));
        // The probes start on their loops after the bean is made, each in its own time: wait for them.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(Set.copyOf(probedLoops())).isEqualTo(loopThreadsAlive()));

        assertThat(probedLoops()).doesNotHaveDuplicates().hasSize(poolSize);
        assertThat(lag.loops()).allSatisfy(loop -> assertThat(loop.probesRun()).isPositive());
    }

    private List<String> probedLoops() {
        return lag.loops().stream().map(EventLoopLag.LoopState::loop).toList();
    }

    private static Set<String> loopThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith(LOOP_THREAD)).collect(Collectors.toSet());
    }
}
