package dev.offload.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that blocks an event loop on purpose: {@link EventLoopNeverBlocks} then requires the blocking-call
 * detector to have seen at least one blocking call of this kind during the test, instead of none.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BlocksTheEventLoop {

    /** The JFR event the detector must report, e.g. {@code jdk.ThreadSleep}. */
    String value();
}
