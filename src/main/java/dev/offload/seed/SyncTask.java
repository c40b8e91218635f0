package dev.offload.seed;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CancellationException;

/**
 * The seed's blocking unit of work:
 * <pre>
 * def sync_task(name: str):
 *     time.sleep(2)
 *     return f"Hello {name}, sync task done!"
 * </pre>
 * It blocks the calling thread, so it must never be called on the event loop.
 */
@ApplicationScoped
public class SyncTask {

    private final SyncTaskConfig config;

    SyncTask(SyncTaskConfig config) {
        this.config = config;
    }

    /**
     * Blocks for the configured delay, then greets.
     *
     * @throws CancellationException if the thread is interrupted while it sleeps; the interrupt flag stays set
     */
    public String greet(String name) {
        try {
            Thread.sleep(config.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("syncTask was interrupted before it finished");
        }
        return "Hello " + name + ", sync task done!";
    }
}
