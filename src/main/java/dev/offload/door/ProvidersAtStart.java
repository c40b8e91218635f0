package dev.offload.door;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;

import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates every request and response filter and every message body reader and writer (ours, and those of the
 * extensions) at start-up, where Quarkus would create one on its first request. A provider class without a scope
 * ({@link AdmitBeforeDispatch}, the context filter, Quarkus' own Jackson writer) becomes an application-scoped bean,
 * made on first use under a lock; two event loops' first requests contend for it, and one waits (the JFR detector
 * caught an event loop parked 7.7 ms on a filter, and 3.7 ms on the Jackson writer when five 503s were sent at once).
 * A filter cannot be a singleton instead: Quarkus REST would then create it before the configuration it needs is read.
 */
@Singleton
class ProvidersAtStart {

    void create(@Observes StartupEvent start, @Any Instance<ContainerRequestFilter> requestFilters,
            @Any Instance<ContainerResponseFilter> responseFilters, @Any Instance<MessageBodyReader<?>> readers,
            @Any Instance<MessageBodyWriter<?>> writers) {
        requestFilters.forEach(ClientProxy::unwrap);
        responseFilters.forEach(ClientProxy::unwrap);
        readers.forEach(ClientProxy::unwrap);
        writers.forEach(ClientProxy::unwrap);
    }
}
