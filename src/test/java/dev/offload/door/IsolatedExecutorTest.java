package dev.offload.door;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;

/**
 * The isolated {@code ManagedExecutor} has limits of its own (offload.pools.isolated.*): it runs max-async tasks,
 * queues max-queued, refuses the next; and a request whose task it refuses gets a 503 with Retry-After.
 */
@QuarkusTest
class IsolatedExecutorTest {

    @Inject
    @Identifier(IsolatedExecutor.NAME)
    ManagedExecutor isolated;

    @Inject
    PoolsConfig pools;

    @Test
    void itRunsMaxAsyncQueuesMaxQueuedAndRefusesTheNextWithA503() throws Exception {
        int maxAsync = pools.isolated().maxAsync();
        int maxQueued = pools.isolated().maxQueued();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(maxAsync);
        List<CompletableFuture<Void>> held = new ArrayList<>();
        Runnable hold = () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            for (int i = 0; i < maxAsync; i++) {
                held.add(isolated.runAsync(hold));
            }
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < maxQueued; i++) {
                held.add(isolated.runAsync(hold));
            }
            assertThatThrownBy(() -> isolated.runAsync(() -> {
            })).isInstanceOf(RejectedExecutionException.class);

            // The context matrix sends one task there: refused, the request gets the door's 503.
            given().when().get("/context/matrix").then().statusCode(503)
                    .header("Retry-After", "1")
                    .body("status", equalTo(503))
                    .body("message", containsString("context lane"));
        } finally {
            release.countDown();
        }
        CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    }
}
