package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.container.ContainerRequestFilter;

import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Before any request, every application-scoped request filter already exists: no event loop's first request waits
 * on the lock that creates one. A profile of its own, so the service is fresh: no other test's request created them.
 */
@QuarkusTest
@TestProfile(RequestFiltersAtStartTest.Fresh.class)
class RequestFiltersAtStartTest {

    /** The defaults, in a service started for this test alone. */
    public static class Fresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("offload.observe.lag-probe-interval", "6ms");
        }
    }

    @Test
    void everyApplicationScopedRequestFilterIsCreatedAtStart() {
        Set<Bean<?>> filters = Arc.container().beanManager().getBeans(ContainerRequestFilter.class, Any.Literal.INSTANCE)
                .stream().filter(bean -> bean.getScope().equals(ApplicationScoped.class)).collect(Collectors.toSet());
        Set<String> created = Arc.container().getActiveContext(ApplicationScoped.class).getState()
                .getContextualInstances().keySet().stream().map(bean -> ((InjectableBean<?>) bean).getIdentifier())
                .collect(Collectors.toSet());

        // The door's filter and the context filter at least.
        assertThat(filters).extracting(bean -> bean.getBeanClass().getSimpleName())
                .contains("AdmitBeforeDispatch$GeneratedServerRequestFilter$admit",
                        "SetOnEventLoopFilter$GeneratedServerRequestFilter$setOnEventLoop");
        assertThat(filters).allSatisfy(
                bean -> assertThat(created).as(bean.getBeanClass().getName())
                        .contains(((InjectableBean<?>) bean).getIdentifier()));
    }
}
