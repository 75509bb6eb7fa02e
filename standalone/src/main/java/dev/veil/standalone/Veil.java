package dev.veil.standalone;

import dev.veil.standalone.infra.LocalKafka;
import dev.veil.standalone.infra.LocalPostgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ./veil up}: the whole platform on one machine. Starts a real Kafka broker (KRaft) and a real Postgres
 * (embedded, or the one named by {@code VEIL_DB_URL}), then the five services, the carrier simulator and the
 * gateway. Data lives under {@code VEIL_HOME} (default {@code .veil}) and survives restarts. Ctrl-C stops
 * everything in order: the gateway and services first, then Kafka, then Postgres.
 */
public final class Veil {

    private static final int KAFKA_PORT = 19092;
    private static final int KAFKA_CONTROLLER_PORT = 19093;
    private static final int POSTGRES_PORT = 15432;

    private Veil() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        Path home = Path.of(env("VEIL_HOME", ".veil")).toAbsolutePath();
        String externalDb = System.getenv("VEIL_DB_URL");

        CompletableFuture<LocalPostgres> postgres = externalDb == null
                ? CompletableFuture.supplyAsync(() -> LocalPostgres.start(home.resolve("postgres"), POSTGRES_PORT))
                : CompletableFuture.completedFuture(null);
        LocalKafka kafka = LocalKafka.start(home.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT);
        LocalPostgres localDb = postgres.join();
        String dbUrl = localDb == null ? externalDb : localDb.url();

        Ports ports = Ports.standard();
        VeilPlatform platform = VeilPlatform.start(new VeilPlatform.Settings(kafka.bootstrapServers(), dbUrl,
                env("VEIL_DB_USERNAME", "postgres"), env("VEIL_DB_PASSWORD", "postgres"), ports,
                home));

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Veil: stopping");
            platform.close();
            kafka.close();
            if (localDb != null) {
                localDb.close();
            }
            System.out.println("Veil: stopped");
        }, "veil-shutdown"));

        System.out.printf("""

                Veil is up in %.1f s. Ctrl-C stops it.
                  public API (gateway)   http://127.0.0.1:%d   (Masking API, carrier webhooks)
                  demo account           MAVEILDEMO0000000001 / veil-demo-token
                  carrier simulator      http://127.0.0.1:%d/sim/v1/calls
                  health                 http://127.0.0.1:<port>/actuator/health for ports %d-%d
                  Kafka                  %s
                  Postgres               %s
                  data                   %s
                """, Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0, ports.gateway(),
                ports.simulator(), ports.session(), ports.billing(), kafka.bootstrapServers(), dbUrl, home);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
