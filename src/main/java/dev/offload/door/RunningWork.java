package dev.offload.door;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/** Which threads are running a request's work through the door right now, for which lane, since when. */
@Singleton
public class RunningWork {

    /**
     * One thread at work.
     *
     * @param thread the worker, virtual or CPU-pool thread
     * @param lane the request's lane
     * @param started its {@link System#nanoTime()} when the work began
     */
    public record Work(Thread thread, String lane, long started) {
    }

    private final Map<Thread, Work> running = new ConcurrentHashMap<>();

    void began(Thread thread, String lane) {
        running.put(thread, new Work(thread, lane, System.nanoTime()));
    }

    void ended(Thread thread) {
        running.remove(thread);
    }

    /** The work running now, longest-running first. */
    public List<Work> now() {
        return running.values().stream().sorted(Comparator.comparingLong(Work::started)).toList();
    }
}
