package dev.offload.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The live page ({@code /}) and the load it can start ({@code POST /live/load}). */
@ConfigMapping(prefix = "offload.live")
public interface LiveConfig {

    /**
     * How many of the blocking-call detector's and of the worker watchdog's latest findings the page shows. Default {@code 5}.
     */
    @WithDefault("5")
    int findingsShown();

    /** The load the page can start. */
    Load load();

    interface Load {

        /**
         * Whether {@code POST /live/load} may start a load. Default {@code false}: it answers 404, as a production
         * instance should, since a load is traffic the service sends itself; on in dev and test
         * ({@code application.properties}), and anywhere with {@code OFFLOAD_LIVE_LOAD_ENABLED=true}.
         */
        @WithDefault("false")
        boolean enabled();

        /** The most requests one load keeps in flight at once. Default {@code 64}. */
        @WithDefault("64")
        int maxConcurrency();

        /** The longest one load may run, in seconds; then its requests still in flight are cut. Default {@code 30}. */
        @WithDefault("30")
        int maxSeconds();

        /** The most requests one load may send in all. Default {@code 50000}. */
        @WithDefault("50000")
        int maxRequests();
    }
}
