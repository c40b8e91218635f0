package dev.offload.context;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * The tests' span exporter: every finished span, in memory. Quarkus exports to every {@code SpanExporter} bean (its
 * default exporter is {@code cdi}), and the application itself has none, so in prod nothing is exported.
 */
@ApplicationScoped
public class Spans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
