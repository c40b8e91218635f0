package dev.offload.context;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same matrix, against the packaged application: the jar, or the native executable under {@code -Dnative}. */
@QuarkusIntegrationTest
class ContextMatrixIT extends ContextMatrixTest {
}
