package dev.offload.observe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.common.annotation.NonBlocking;

/**
 * Test-only: the mistake the service exists to prevent, {@code time.sleep} inside {@code async def}, and the other
 * blocking calls the detector watches for, each made on the event loop: a wait on a monitor, a park (bare, in a
 * future's {@code get}, on a lock another thread holds), a file's write and read, a socket's write and read. They prove that
 * {@link EventLoopLag} and {@link BlockingCallDetector} catch a
 * blocked loop, so a quiet probe and an empty detector mean something.
 */
@Path("/test-support/block-event-loop")
public class BlockTheEventLoopResource {

    /** Held by the test while {@link #lock} tries to take it on the event loop. */
    public static final ReentrantLock LOCK = new ReentrantLock();

    private final Object monitor = new Object();

    @GET
    @NonBlocking
    @Operation(hidden = true)
    public String block(@QueryParam("ms") long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "blocked the event loop for " + millis + " ms";
    }

    @GET
    @Path("/wait")
    @NonBlocking
    @Operation(hidden = true)
    public String waitOnAMonitor(@QueryParam("ms") long millis) throws InterruptedException {
        synchronized (monitor) {
            monitor.wait(millis);
        }
        return "waited on a monitor on the event loop for " + millis + " ms";
    }

    @GET
    @Path("/park")
    @NonBlocking
    @Operation(hidden = true)
    public String park(@QueryParam("ms") long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
        return "parked the event loop for " + millis + " ms";
    }

    @GET
    @Path("/future")
    @NonBlocking
    @Operation(hidden = true)
    public String futureGet(@QueryParam("ms") long millis) throws InterruptedException, ExecutionException {
        try {
            return new CompletableFuture<String>().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException expected) {
            return "waited for a future on the event loop for " + millis + " ms";
        }
    }

    /** Answers whether it got {@link #LOCK}: false while the test holds it. */
    @GET
    @Path("/lock")
    @NonBlocking
    @Operation(hidden = true)
    public String lock(@QueryParam("ms") long millis) throws InterruptedException {
        boolean got = LOCK.tryLock(millis, TimeUnit.MILLISECONDS);
        if (got) {
            LOCK.unlock();
        }
        return "took the lock: " + got;
    }

    @GET
    @Path("/file")
    @NonBlocking
    @Operation(hidden = true)
    public String writeAndReadAFile() throws IOException {
        java.nio.file.Path file = Files.createTempFile("offload-block", ".txt");
        try {
            Files.writeString(file, "written on the event loop");
            return Files.readString(file);
        } finally {
            Files.delete(file);
        }
    }

    @GET
    @Path("/socket")
    @NonBlocking
    @Operation(hidden = true)
    public String writeAndReadASocket() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, loopback);
                Socket client = new Socket(loopback, server.getLocalPort());
                Socket accepted = server.accept()) {
            client.getOutputStream().write('x');
            client.getOutputStream().flush();
            return "read " + (char) accepted.getInputStream().read() + " from a socket on the event loop";
        }
    }
}
