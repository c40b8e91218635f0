package dev.offload.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * The test run ends only after the JVM writing the AOT cache has: a stand-in for it (a shell that sleeps, with the
 * assembling JVM's {@code -XX:AOTMode=create} among its arguments) has ended when the listener returns.
 */
class AotCacheWrittenTest {

    @Test
    void theRunEndsOnlyOnceTheJvmWritingTheAotCacheHasEnded() throws IOException {
        Process writing = new ProcessBuilder("/bin/sh", "-c", "sleep 2", "-XX:AOTMode=create").start();
        Process other = new ProcessBuilder("/bin/sh", "-c", "sleep 60").start();
        try {
            assertThat(AotCacheWritten.assemblingAotCaches()).extracting(ProcessHandle::pid)
                    .containsExactly(writing.pid());

            new AotCacheWritten().launcherSessionClosed(null);

            assertThat(writing.isAlive()).isFalse();
            assertThat(other.isAlive()).isTrue();
        } finally {
            writing.destroy();
            other.destroy();
        }
    }

    @Test
    void withoutAnAotCacheBeingWrittenItReturnsAtOnce() {
        assertThat(AotCacheWritten.assemblingAotCaches()).isEmpty();
        new AotCacheWritten().launcherSessionClosed(null);
    }
}
