package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** What the door answers instead of the work's result: each status and the sentence the client reads. */
class DoorAnswersTest {

    @Test
    void aFullLaneIsA503ThatSaysWhenToComeBack() {
        LaneFull full = new LaneFull("compute", Duration.ofMillis(1500));

        assertThat(full.status()).isEqualTo(503);
        assertThat(full.reason()).isEqualTo("Service Unavailable");
        assertThat(full.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(full).hasMessage("too many requests are running or waiting on the compute lane; retry after 2 s");
    }

    @Test
    void aPassedDeadlineIsA504ThatSaysWhereTheRequestWas() {
        DeadlineExceeded waiting = new DeadlineExceeded("calc", Duration.ofMillis(250), true);
        DeadlineExceeded running = new DeadlineExceeded("calc", Duration.ofMillis(250), false);

        assertThat(waiting.status()).isEqualTo(504);
        assertThat(waiting.reason()).isEqualTo("Gateway Timeout");
        assertThat(waiting.retryAfter()).isEmpty();
        assertThat(waiting).hasMessage("the calc work did not finish within 250 ms; it was still waiting for a slot");
        assertThat(running).hasMessage("the calc work did not finish within 250 ms; it was interrupted");
    }

    @Test
    void workThatGivesUpBeforeStartingSaysWhatItNeeded() {
        DeadlineExceeded gaveUp = new DeadlineExceeded("the sum", Duration.ofMillis(900));
        assertThat(gaveUp).hasMessage("the sum needs 900 ms, more than is left of its deadline; it gave up without starting");
        assertThat(gaveUp.status()).isEqualTo(504);
    }

    @Test
    void cancelledWorkIsA503WithoutRetryAfter() {
        WorkCancelled cancelled = new WorkCancelled("context", "its client hung up");

        assertThat(cancelled.status()).isEqualTo(503);
        assertThat(cancelled.retryAfter()).isEmpty();
        assertThat(cancelled).hasMessage("the context work was cancelled before it finished: its client hung up");
    }
}
