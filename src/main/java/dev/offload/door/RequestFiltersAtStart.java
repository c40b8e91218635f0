package dev.offload.door;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestFilter;

import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates every request filter (ours, and those of the extensions) at start-up, where Quarkus would create one on its
 * first request. A filter class without a scope ({@link AdmitBeforeDispatch}, the context filter) becomes an
 * application-scoped bean, made on first use under a lock; two event loops' first requests contend for it, and one
 * waits (the JFR detector caught an event loop parked 7.7 ms there). It cannot be a singleton instead: Quarkus REST
 * would then create it before the configuration it needs is read.
 */
@Singleton
class RequestFiltersAtStart {

    void create(@Observes StartupEvent start, @Any Instance<ContainerRequestFilter> filters) {
        filters.forEach(ClientProxy::unwrap);
    }
}
