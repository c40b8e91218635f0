package dev.offload.cpu;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same assertions against the packaged application: the jar, or the native executable under {@code -Dnative}. */
@QuarkusIntegrationTest
class CpuResourceIT extends CpuResourceTest {
}
