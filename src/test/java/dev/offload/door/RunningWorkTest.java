package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The threads at work for a request right now, longest-running first, as the watchdog reads them. */
class RunningWorkTest {

    @Test
    void workIsListedFromItsBeginningToItsEndLongestRunningFirst() throws InterruptedException {
        RunningWork running = new RunningWork();
        Thread older = Thread.ofVirtual().unstarted(() -> {
        });
        Thread newer = Thread.ofVirtual().unstarted(() -> {
        });

        running.began(older, "calc");
        Thread.sleep(1); // a later start, whatever the clock's resolution
        running.began(newer, "cpu-pool");
        assertThat(running.now()).extracting(RunningWork.Work::thread).containsExactly(older, newer);
        assertThat(running.now()).extracting(RunningWork.Work::lane).containsExactly("calc", "cpu-pool");

        running.ended(older);
        assertThat(running.now()).extracting(RunningWork.Work::thread).containsExactly(newer);
    }
}
