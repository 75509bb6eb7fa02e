package dev.veil.allocation.benchmark;

import dev.veil.allocation.AllocationServiceApplication;
import dev.veil.allocation.TestParty;
import dev.veil.testsupport.VeilInfrastructure;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.veil.allocation.TestParty.party;

/**
 * The allocation scale benchmark: allocation latency (p50, p99 of {@code POST /internal/v1/allocations}, over
 * loopback HTTP, one request at a time) with 10k and then with 1M live sessions in Postgres, on a pool of 1,000
 * numbers. The allocator reads each candidate's load from the {@code live_sessions} counter, so the two p99s should
 * stay within 2× of each other. Starts the real service on the test infrastructure (embedded Postgres and Kafka);
 * takes a few minutes, most of it loading the sessions. Run it with
 * {@code ./mvnw -B -ntp -o -q -pl allocation-service -Psimulation test-compile exec:exec
 * -Dveil.exec.main=dev.veil.allocation.benchmark.AllocationBenchmark}; the first argument is the number of timed
 * allocations per level (default 2000).
 */
public final class AllocationBenchmark {

    static final String ACCOUNT = "MABENCHMARK000000001";
    static final int POOL = 1_000;
    static final int CHUNK = 100_000;

    private AllocationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int timed = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Map<String, Object> properties = new HashMap<>(VeilInfrastructure.get().serviceProperties("allocation_bench"));
        properties.put("spring.config.name", AllocationServiceApplication.CONFIG_NAME);
        properties.put("server.port", "0");
        properties.put("logging.level.root", "WARN");
        // As command-line arguments: they win over the service's yml files, as the test registry's properties do.
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext context =
                     new SpringApplication(AllocationServiceApplication.class).run(arguments)) {
            DatabaseClient db = context.getBean(DatabaseClient.class);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            db.sql("""
                            INSERT INTO virtual_numbers (number, account_id, country)
                            SELECT '+1202556' || lpad(i::text, 4, '0'), :account, 'US' FROM generate_series(0, :last) i
                            ON CONFLICT DO NOTHING""")
                    .bind("account", ACCOUNT).bind("last", POOL - 1).then().block();
            HttpClient http = HttpClient.newHttpClient();
            int loaded = 0;
            for (int level : new int[] {10_000, 1_000_000}) {
                long started = System.nanoTime();
                while (loaded < level) {
                    int count = Math.min(CHUNK, level - loaded);
                    load(db, loaded, count);
                    loaded += count;
                }
                db.sql("""
                                UPDATE virtual_numbers v SET live_sessions = l.n
                                FROM (SELECT virtual_number, count(*) AS n FROM allocations
                                      WHERE status <> 'released' GROUP BY virtual_number) l
                                WHERE l.virtual_number = v.number""").then().block();
                db.sql("ANALYZE").then().block();
                double loadSeconds = (System.nanoTime() - started) / 1e9;
                measure(http, port, timed / 5);
                List<Double> millis = measure(http, port, timed);
                System.out.printf(
                        "%,10d live sessions: allocation p50 %.2f ms, p99 %.2f ms (%d timed, loaded in %.0f s)%n",
                        level, percentile(millis, 0.50), percentile(millis, 0.99), timed, loadSeconds);
            }
        }
        System.exit(0);
    }

    /** Adds {@code count} confirmed sessions with two party bindings each, spread over the pool. */
    private static void load(DatabaseClient db, int from, int count) {
        db.sql("""
                        WITH sessions AS (
                            INSERT INTO allocations (session_uuid, account_id, virtual_number, status, reserved_at,
                                                     confirmed_at, held_bindings)
                            SELECT 'bench-' || i, :account, '+1202556' || lpad((i % :pool)::text, 4, '0'),
                                   'confirmed', now(), now(), '{}'
                            FROM generate_series(:from, :to) i
                            RETURNING session_uuid, virtual_number)
                        INSERT INTO bindings (virtual_number, binding, session_uuid)
                        SELECT virtual_number, 'party:' || lpad(substr(session_uuid, 7) || side, 22, '0'), session_uuid
                        FROM sessions, (VALUES ('a'), ('b')) AS parties(side)""")
                .bind("account", ACCOUNT).bind("pool", POOL).bind("from", from).bind("to", from + count - 1)
                .then().block(Duration.ofMinutes(10));
    }

    /** Times {@code count} allocations of fresh pairs; one in ten reuses a party, as a courier would. */
    private static List<Double> measure(HttpClient http, int port, int count) throws Exception {
        List<Double> millis = new ArrayList<>(count);
        TestParty courier = party();
        for (int i = 0; i < count; i++) {
            if (i % 100 == 0) {
                courier = party();
            }
            TestParty first = i % 10 == 0 ? courier : party();
            TestParty second = party();
            String body = """
                    {"session_uuid": "%s", "account_id": "%s", "first_party_index": "%s", "first_party_country": "%s",
                     "second_party_index": "%s", "second_party_country": "%s"}"""
                    .formatted(UUID.randomUUID(), ACCOUNT, first.index(), first.country(), second.index(),
                            second.country());
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/internal/v1/allocations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            millis.add((System.nanoTime() - started) / 1e6);
            if (response.statusCode() != 201) {
                throw new IllegalStateException("allocation failed: " + response.statusCode() + " " + response.body());
            }
        }
        return millis;
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
