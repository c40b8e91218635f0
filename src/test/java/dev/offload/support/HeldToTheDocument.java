package dev.offload.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeTestExecutionCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Right before each test runs (rest-assured knows the service's port by then), holds every rest-assured response to
 * the service's OpenAPI document ({@link ResponseContract}).
 */
public class HeldToTheDocument implements QuarkusTestBeforeTestExecutionCallback {

    @Override
    public void beforeTestExecution(QuarkusTestMethodContext context) {
        ResponseContract.install();
    }
}
