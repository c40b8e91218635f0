package dev.offload.seed;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same assertions against the packaged application: the jar, or the native executable under {@code -Dnative}. */
@QuarkusIntegrationTest
class SeedEndpointsIT extends SeedEndpointsTest {
}
