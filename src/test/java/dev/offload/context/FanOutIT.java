package dev.offload.context;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same fan-out, against the packaged application. */
@QuarkusIntegrationTest
class FanOutIT extends FanOutTest {
}
