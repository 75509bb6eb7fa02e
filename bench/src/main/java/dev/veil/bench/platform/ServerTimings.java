package dev.veil.bench.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the time goes inside the platform: each service's own view of the HTTP requests it served
 * ({@code http_server_requests_seconds} and {@code http_client_requests_seconds} from {@code /actuator/prometheus}),
 * read before and after a scenario, so the report can name the slowest hop of a path by its mean server time.
 */
public final class ServerTimings {

    private static final Pattern SERIES = Pattern.compile(
            "^(http_server_requests_seconds|http_client_requests_seconds)_(count|sum)\\{(.*)} ([0-9.eE+-]+)$");
    // Label values may hold braces themselves (templated URIs such as /carrier/plivo/{webhook}).
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** Count and total seconds of each endpoint of each service at one moment. */
    public record Snapshot(Map<String, double[]> series) {
    }

    /** One endpoint's requests during a scenario and their mean time as the service measured it. */
    public record Hop(String endpoint, long requests, double meanMs) {
    }

    private final Map<String, String> services;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param services base URL of each service by name */
    public ServerTimings(Map<String, String> services) {
        this.services = Map.copyOf(services);
    }

    public Snapshot snapshot() {
        Map<String, double[]> series = new HashMap<>();
        services.forEach((service, base) -> {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                parse(service, body, series);
            } catch (Exception e) {
                // A service that does not answer contributes nothing; the report still has the client's view.
            }
        });
        return new Snapshot(series);
    }

    /** The endpoints that served requests since {@code before}, the most total time first. */
    public List<Hop> since(Snapshot before, int limit) {
        Snapshot now = snapshot();
        List<Hop> hops = new ArrayList<>();
        now.series().forEach((key, value) -> {
            double[] old = before.series().getOrDefault(key, new double[2]);
            long count = Math.round(value[0] - old[0]);
            if (count > 0) {
                hops.add(new Hop(key, count, (value[1] - old[1]) * 1000 / count));
            }
        });
        hops.sort(Comparator.comparingDouble((Hop h) -> h.requests() * h.meanMs()).reversed());
        return hops.subList(0, Math.min(limit, hops.size()));
    }

    /** The sum of a metric's series in one service's Prometheus text (e.g. a gauge), or -1 when unreadable. */
    public double metric(String service, String name) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(services.get(service) + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            double sum = -1;
            for (String line : body.split("\n")) {
                if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                    sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (Exception e) {
            return -1;
        }
    }

    static void parse(String service, String body, Map<String, double[]> into) {
        for (String line : body.split("\n")) {
            Matcher m = SERIES.matcher(line);
            // The harness's own scrapes of /actuator/* are not part of any measured path.
            if (!m.matches() || m.group(3).contains("uri=\"/actuator")) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(3));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            String kind = m.group(1).startsWith("http_server") ? "serves" : "calls";
            String key = service + " " + kind + " " + labels.getOrDefault("method", "?") + " "
                    + labels.getOrDefault("uri", "?") + " → " + labels.getOrDefault("status", "?");
            double[] value = into.computeIfAbsent(key, k -> new double[2]);
            value[m.group(2).equals("count") ? 0 : 1] += Double.parseDouble(m.group(4));
        }
    }
}
