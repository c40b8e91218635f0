import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jdk.jfr.consumer.RecordingStream;

/**
 * What watching for blocking calls costs the threads that are allowed to block: two worker threads hand a token back
 * and forth through a {@link SynchronousQueue} (each handoff parks and unparks, as a worker pool's threads do), with
 * no detector, with the JFR stream {@code observe.BlockingCallDetector} uses (every park recorded with its stack, no
 * threshold, kept only for event-loop threads), or with BlockHound installed (every blocking JDK method instrumented,
 * checked against the thread that calls it). Each mode runs in a JVM of its own (BlockHound cannot be uninstalled);
 * bench/run starts them and reads the one line each prints.
 *
 * <p>Then, on a thread named like an event loop, it makes one blocking call of each kind and reports which ones the
 * detector saw: what each can catch, measured rather than read in its documentation.
 *
 * usage: java [-XX:+AllowRedefinitionToAddDeleteMethods -cp blockhound.jar] DetectorCost.java none|jfr|blockhound N
 */
public class DetectorCost {

    static final String LOOP = "vert.x-eventloop-thread-";

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int handoffs = Integer.parseInt(args[1]);
        AtomicLong seenOnLoops = new AtomicLong();
        ConcurrentSkipListSet<String> seen = new ConcurrentSkipListSet<>();
        RecordingStream stream = null;
        switch (mode) {
            case "none" -> {
            }
            case "jfr" -> {
                stream = new RecordingStream();
                // the events observe.BlockingCallDetector listens to
                for (String event : new String[] { "jdk.ThreadPark", "jdk.ThreadSleep", "jdk.JavaMonitorWait",
                        "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite" }) {
                    stream.enable(event).withThreshold(Duration.ZERO).withStackTrace();
                    stream.onEvent(event, e -> {
                        if (e.getThread() != null && e.getThread().getJavaName() != null
                                && e.getThread().getJavaName().startsWith(LOOP)) {
                            seenOnLoops.incrementAndGet();
                            seen.add(e.getEventType().getName());
                        }
                    });
                }
                stream.startAsync();
            }
            case "blockhound" -> reactor.blockhound.BlockHound.builder()
                    .nonBlockingThreadPredicate(current -> current.or(t -> t.getName().startsWith(LOOP)))
                    .blockingMethodCallback(method -> {
                        seenOnLoops.incrementAndGet();
                        seen.add(method.getClassName() + "." + method.getName());
                    })
                    .install();
            default -> throw new IllegalArgumentException("mode: none, jfr or blockhound");
        }
        run(handoffs / 10); // warm-up
        long started = System.nanoTime();
        run(handoffs);
        long elapsed = System.nanoTime() - started;
        Map<String, String> caught = new TreeMap<>();
        for (Map.Entry<String, Runnable> call : blockingCalls().entrySet()) {
            seen.clear();
            Thread loop = Thread.ofPlatform().name(LOOP + "0").start(call.getValue());
            loop.join();
            if (stream != null) {
                Thread.sleep(1500); // JFR delivers about once a second
            }
            caught.put(call.getKey(), String.join(" ", seen));
        }
        if (stream != null) {
            stream.close();
        }
        StringBuilder calls = new StringBuilder();
        caught.forEach((call, by) -> calls.append(calls.isEmpty() ? "" : ", ")
                .append('"').append(call).append("\": \"").append(by).append('"'));
        System.out.printf("RESULT {\"mode\": \"%s\", \"handoffs\": %d, \"ns_per_handoff\": %.1f, \"caught\": {%s}}%n",
                mode, handoffs, (double) elapsed / handoffs, calls);
    }

    /** One blocking call of each kind, each taking about 10 ms. */
    static Map<String, Runnable> blockingCalls() throws Exception {
        Path file = Files.createTempFile("detector-cost", ".txt");
        Files.writeString(file, "x".repeat(4096));
        file.toFile().deleteOnExit();
        Object monitor = new Object();
        Map<String, Runnable> calls = new TreeMap<>();
        calls.put("Thread.sleep", quietly(() -> {
            Thread.sleep(10);
            return null;
        }));
        calls.put("Object.wait", quietly(() -> {
            synchronized (monitor) {
                monitor.wait(10);
            }
            return null;
        }));
        calls.put("LockSupport.parkNanos", () -> LockSupport.parkNanos(10_000_000));
        calls.put("contended synchronized", quietly(() -> {
            CountDownLatch held = new CountDownLatch(1);
            Thread holder = Thread.ofPlatform().name("holder").start(() -> {
                synchronized (monitor) {
                    held.countDown();
                    LockSupport.parkNanos(20_000_000);
                }
            });
            while (held.getCount() > 0) {
                // a bare spin: await() would park, and BlockHound counts Thread.onSpinWait as blocking
            }
            synchronized (monitor) {
                monitor.notifyAll();
            }
            holder.join();
            return null;
        }));
        calls.put("FileInputStream.read", quietly(() -> {
            try (FileInputStream in = new FileInputStream(file.toFile())) {
                return in.readAllBytes();
            }
        }));
        calls.put("Files.readString (NIO)", quietly(() -> Files.readString(file)));
        return calls;
    }

    interface Call {
        Object call() throws Exception;
    }

    static Runnable quietly(Call call) {
        return () -> {
            try {
                call.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static void run(int handoffs) throws InterruptedException {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        Thread other = Thread.ofPlatform().name("executor-thread-1").start(() -> {
            try {
                for (int i = 0; i < handoffs; i++) {
                    pong.put(ping.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread self = Thread.ofPlatform().name("executor-thread-0").start(() -> {
            try {
                for (int i = 0; i < handoffs; i++) {
                    ping.put(i);
                    pong.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        self.join();
        other.join();
    }
}
