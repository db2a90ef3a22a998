package io.liteobs.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code liteobs.http-server.*} properties: LiteObs's HTTP handlers (dashboard, JSON API, {@code /metrics},
 * probes) on Actuator's management server.
 */
@ConfigurationProperties("liteobs.http-server")
public class LiteObsHttpServerProperties {

    /** The path the handlers are mounted at by default, under the management server's base path. */
    public static final String DEFAULT_PATH = "/liteobs";

    /** Whether the dashboard, JSON API, /metrics and probes are served on the management server. */
    private boolean enabled = true;

    /** Where they are mounted, under management.server.base-path: the dashboard at <path>/, the API at <path>/api. */
    private String path = DEFAULT_PATH;

    /**
     * Whether the handlers are served.
     *
     * @return true unless switched off
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Switches the handlers on or off.
     *
     * @param enabled false to serve none of them
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Where the handlers are mounted.
     *
     * @return {@value #DEFAULT_PATH} unless set
     */
    public String getPath() {
        return path;
    }

    /**
     * Sets where the handlers are mounted.
     *
     * @param path a path starting with {@code /}, not ending with one
     */
    public void setPath(String path) {
        this.path = path;
    }
}
