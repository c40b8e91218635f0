package dev.offload.door;

import io.quarkus.vertx.http.runtime.ExtendedQuarkusVertxHttpMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * Quarkus' Vert.x metrics, with one change ({@code offload.lanes.shed.timed=false}, {@link ShedOnArrival}): an HTTP
 * request the door turns away as it arrives gets no request metric, so it is not in {@code http.server.requests} or
 * {@code http.server.active.requests} (the door counts it in {@code offload.lane.rejected} and
 * {@code offload.lane.rejected.before.routing}). Everything else, connections and bytes included, is passed on as is;
 * {@code SkipTurnedAwayMetricsTest} checks that no method of the interfaces is left to its default.
 */
final class SkipTurnedAwayMetrics implements VertxMetrics, ExtendedQuarkusVertxHttpMetrics {

    private final VertxMetrics timed;
    private final ShedOnArrival arrival;

    SkipTurnedAwayMetrics(VertxMetrics timed, ShedOnArrival arrival) {
        this.timed = timed;
        this.arrival = arrival;
    }

    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
        HttpServerMetrics<?, ?, ?> server = timed.createHttpServerMetrics(options, localAddress);
        return server == null ? null : new Server<>(server, arrival);
    }

    @Override
    public ConnectionTracker getHttpConnectionTracker() {
        return timed instanceof ExtendedQuarkusVertxHttpMetrics extended ? extended.getHttpConnectionTracker()
                : NOOP_CONNECTION_TRACKER;
    }

    @Override
    public EventBusMetrics<?> createEventBusMetrics() {
        return timed.createEventBusMetrics();
    }

    @Override
    public ClientMetrics<?, ?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
        return timed.createClientMetrics(remoteAddress, type, namespace);
    }

    @Override
    public HttpClientMetrics<?, ?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
        return timed.createHttpClientMetrics(options);
    }

    @Override
    public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
        return timed.createNetServerMetrics(options, localAddress);
    }

    @Override
    public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
        return timed.createNetClientMetrics(options);
    }

    @Override
    public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
        return timed.createDatagramSocketMetrics(options);
    }

    @Override
    public PoolMetrics<?> createPoolMetrics(String poolType, String poolName, int maxPoolSize) {
        return timed.createPoolMetrics(poolType, poolName, maxPoolSize);
    }

    @Override
    public void vertxCreated(Vertx vertx) {
        timed.vertxCreated(vertx);
    }

    @Override
    public boolean isMetricsEnabled() {
        return timed.isMetricsEnabled();
    }

    @Override
    public void close() {
        timed.close();
    }

    /** The server's metrics: a request turned away has no request metric (null), and nothing is passed on for it. */
    static final class Server<R, W, S> implements HttpServerMetrics<R, W, S> {

        private final HttpServerMetrics<R, W, S> timed;
        private final ShedOnArrival arrival;

        Server(HttpServerMetrics<R, W, S> timed, ShedOnArrival arrival) {
            this.timed = timed;
            this.arrival = arrival;
        }

        @Override
        public R requestBegin(S socketMetric, HttpRequest request) {
            return arrival.turnedAwayOnArrival(request) ? null : timed.requestBegin(socketMetric, request);
        }

        @Override
        public void requestEnd(R requestMetric, HttpRequest request, long bytesRead) {
            if (requestMetric != null) {
                timed.requestEnd(requestMetric, request, bytesRead);
            }
        }

        @Override
        public void requestReset(R requestMetric) {
            if (requestMetric != null) {
                timed.requestReset(requestMetric);
            }
        }

        @Override
        public void responseBegin(R requestMetric, HttpResponse response) {
            if (requestMetric != null) {
                timed.responseBegin(requestMetric, response);
            }
        }

        @Override
        public R responsePushed(S socketMetric, HttpMethod method, String uri, HttpResponse response) {
            return timed.responsePushed(socketMetric, method, uri, response);
        }

        @Override
        public void responseEnd(R requestMetric, HttpResponse response, long bytesWritten) {
            if (requestMetric != null) {
                timed.responseEnd(requestMetric, response, bytesWritten);
            }
        }

        @Override
        public W connected(S socketMetric, R requestMetric, ServerWebSocket serverWebSocket) {
            return requestMetric == null ? null : timed.connected(socketMetric, requestMetric, serverWebSocket);
        }

        @Override
        public void disconnected(W serverWebSocketMetric) {
            timed.disconnected(serverWebSocketMetric);
        }

        @Override
        public void requestRouted(R requestMetric, String route) {
            if (requestMetric != null) {
                timed.requestRouted(requestMetric, route);
            }
        }

        @Override
        public S connected(SocketAddress remoteAddress, String remoteName) {
            return timed.connected(remoteAddress, remoteName);
        }

        @Override
        public void disconnected(S socketMetric, SocketAddress remoteAddress) {
            timed.disconnected(socketMetric, remoteAddress);
        }

        @Override
        public void bytesRead(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
            timed.bytesRead(socketMetric, remoteAddress, numberOfBytes);
        }

        @Override
        public void bytesWritten(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
            timed.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
        }

        @Override
        public void exceptionOccurred(S socketMetric, SocketAddress remoteAddress, Throwable t) {
            timed.exceptionOccurred(socketMetric, remoteAddress, t);
        }

        @Override
        public void close() {
            timed.close();
        }
    }
}
