package dev.offload.seed;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import jakarta.inject.Singleton;

import dev.offload.door.Deadline;
import dev.offload.door.DeadlineExceeded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The seed's blocking unit of work:
 *
 * <pre>
 * def sync_task(name: str):
 *     time.sleep(2)
 *     return f"Hello {name}, sync task done!"
 * </pre>
 *
 * It blocks the calling thread, so it must never be called on the event loop.
 */
@Startup
@Singleton
public class SyncTask {

    private volatile Duration delay;
    private final LongTaskTimer running;
    private final Counter interrupted;
    private final Counter gaveUp;

    SyncTask(SyncTaskConfig config, MeterRegistry registry) {
        this.delay = config.delay();
        this.running = LongTaskTimer.builder("offload.sync-task.running")
                .description("syncTask calls in progress, and how long they have run").register(registry);
        this.interrupted = Counter.builder("offload.sync-task.interrupted")
                .description("syncTask calls stopped by an interrupt (a deadline, a client that hung up)")
                .register(registry);
        this.gaveUp = Counter.builder("offload.sync-task.gave-up")
                .description("syncTask calls that did not start: their deadline left less time than the task takes")
                .register(registry);
    }

    /**
     * Blocks for the configured delay, then greets; or, when the door runs it with less time left than that, gives
     * up at once instead of starting what it cannot finish.
     *
     * @throws DeadlineExceeded if the remaining deadline is shorter than the delay
     * @throws CancellationException if the thread is interrupted while it sleeps; the interrupt flag stays set
     */
    public String greet(String name) {
        Duration delay = this.delay;
        Optional<Duration> left = Deadline.current().map(Deadline::remaining);
        if (left.isPresent() && left.get().compareTo(delay) < 0) {
            gaveUp.increment();
            throw new DeadlineExceeded("syncTask", delay);
        }
        LongTaskTimer.Sample call = running.start();
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            interrupted.increment();
            Thread.currentThread().interrupt();
            throw new CancellationException("syncTask was interrupted before it finished");
        } finally {
            call.stop();
        }
        return "Hello " + name + ", sync task done!";
    }

    /** How long it blocks now. */
    public Duration delay() {
        return delay;
    }

    /** Changes how long it blocks, for the calls that start from now on (see {@link DelaySwitchResource}). */
    void delay(Duration delay) {
        this.delay = delay;
    }
}
