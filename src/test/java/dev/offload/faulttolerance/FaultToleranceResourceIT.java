package dev.offload.faulttolerance;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same answers, against the packaged application: the jar, or the native executable under {@code -Dnative}. */
@QuarkusIntegrationTest
class FaultToleranceResourceIT extends FaultToleranceResourceTest {
}
