package dev.offload.observe;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the document the packaged application serves. */
@QuarkusIntegrationTest
class OpenApiIT extends OpenApiTest {
}
