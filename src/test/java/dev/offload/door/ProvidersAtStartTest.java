package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;

import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Before any request, every application-scoped request and response filter and message body reader and writer already
 * exists: no event loop's first request waits on the lock that creates one. A profile of its own, so the service is
 * fresh: no other test's request created them.
 */
@QuarkusTest
@TestProfile(ProvidersAtStartTest.Fresh.class)
class ProvidersAtStartTest {

    /** The defaults, in a service started for this test alone. */
    public static class Fresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("offload.observe.lag-probe-interval", "6ms");
        }
    }

    /** The application-scoped beans of {@code type}, by their class's simple name, with whether each exists yet. */
    private static Map<String, Boolean> applicationScoped(Type type) {
        Set<String> created = Arc.container().getActiveContext(ApplicationScoped.class).getState()
                .getContextualInstances().keySet().stream().map(bean -> ((InjectableBean<?>) bean).getIdentifier())
                .collect(Collectors.toSet());
        Set<Bean<?>> beans = Arc.container().beanManager().getBeans(type, Any.Literal.INSTANCE);
        return beans.stream().filter(bean -> bean.getScope().equals(ApplicationScoped.class))
                .collect(Collectors.toMap(bean -> bean.getBeanClass().getName(),
                        bean -> created.contains(((InjectableBean<?>) bean).getIdentifier()), (a, b) -> a && b));
    }

    @Test
    void everyApplicationScopedFilterReaderAndWriterIsCreatedAtStart() {
        Map<String, Boolean> requestFilters = applicationScoped(ContainerRequestFilter.class);
        Map<String, Boolean> responseFilters = applicationScoped(ContainerResponseFilter.class);
        Map<String, Boolean> readers = applicationScoped(new TypeLiteral<MessageBodyReader<?>>() {
        }.getType());
        Map<String, Boolean> writers = applicationScoped(new TypeLiteral<MessageBodyWriter<?>>() {
        }.getType());

        // The door's filter, the context filter and Quarkus' Jackson writer at least.
        assertThat(requestFilters.keySet())
                .anyMatch(name -> name.endsWith("AdmitBeforeDispatch$GeneratedServerRequestFilter$admit"))
                .anyMatch(name -> name.endsWith("SetOnEventLoopFilter$GeneratedServerRequestFilter$setOnEventLoop"));
        assertThat(writers.keySet()).anyMatch(name -> name.endsWith("BasicServerJacksonMessageBodyWriter"));
        for (Map<String, Boolean> providers : List.of(requestFilters, responseFilters, readers, writers)) {
            assertThat(providers).allSatisfy((name, exists) -> assertThat(exists).as(name + " exists").isTrue());
        }
    }
}
