package io.liteobs.cli;

import io.liteobs.MetricType;
import java.io.PrintWriter;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes metric samples in the OpenMetrics text format, as {@code promtool tsdb create-blocks-from openmetrics}
 * reads it: a family's {@code # TYPE} and {@code # HELP}, then its samples with timestamps in seconds, and
 * {@code # EOF} at the end. Names become Prometheus names: every character other than letters, digits, {@code _}
 * (and {@code :} in metric names) turns into {@code _}, so {@code orders.latency} is {@code orders_latency}.
 */
final class OpenMetricsText {

    private final PrintWriter out;

    OpenMetricsText(PrintWriter out) {
        this.out = out;
    }

    /**
     * Starts a metric family. Only gauges keep their type: LiteObs stores counters and timers as each step's
     * increment, not as the running totals a Prometheus counter holds, so they go as {@code unknown}.
     */
    void family(String name, MetricType type, @Nullable String description) {
        out.print("# TYPE ");
        out.print(name);
        out.println(type == MetricType.GAUGE ? " gauge" : " unknown");
        if (description != null && !description.isBlank()) {
            out.print("# HELP ");
            out.print(name);
            out.print(' ');
            out.println(description.replace("\\", "\\\\").replace("\n", "\\n"));
        }
    }

    /** One sample of the current family; {@code labels} as {@link #labels(Map)} wrote them. */
    void sample(String name, String labels, double value, long timestampMillis) {
        out.print(name);
        out.print(labels);
        out.print(' ');
        out.print(value(value));
        out.print(' ');
        out.print(timestampMillis / 1000);
        out.print('.');
        long millis = timestampMillis % 1000;
        out.print(millis < 10 ? "00" : millis < 100 ? "0" : "");
        out.println(millis);
    }

    /** Ends the exposition. */
    void end() {
        out.println("# EOF");
        out.flush();
    }

    /** The Prometheus name of a LiteObs metric name. */
    static String metricName(String name) {
        return sanitized(name, true);
    }

    /**
     * A series' labels as a sample writes them, {@code {key="value",...}} in the map's order, or the empty string for
     * none.
     */
    static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("{");
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(sanitized(label.getKey(), false)).append("=\"")
                    .append(label.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        }
        return text.append('}').toString();
    }

    /** Java's shortest text that reads back as the same double; OpenMetrics spells the infinities +Inf, -Inf. */
    private static String value(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    private static String sanitized(String name, boolean colonAllowed) {
        StringBuilder text = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c == ':' && colonAllowed)
                    || (c >= '0' && c <= '9' && i > 0);
            if (i == 0 && c >= '0' && c <= '9') {
                text.append('_');
                allowed = true;
            }
            text.append(allowed ? c : '_');
        }
        return text.toString();
    }
}
