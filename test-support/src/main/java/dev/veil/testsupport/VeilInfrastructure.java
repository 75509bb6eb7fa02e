package dev.veil.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * Real Kafka and Postgres for integration tests, one set per test JVM, shared by every test in it. With a Docker
 * engine it runs Testcontainers; without one (our CI machines) an embedded Apache Kafka KRaft broker and an
 * embedded Postgres 17. {@code VEIL_TEST_POSTGRES_URL} (a JDBC URL with user and password parameters) points the
 * tests at an external Postgres instead. {@link #main} serves this infrastructure to another JVM, which connects to it
 * with {@link #of}.
 */
public final class VeilInfrastructure {

    private static VeilInfrastructure instance;

    private final String kafkaBootstrapServers;
    private final String postgresHostPort;
    private final String database;
    private final String user;
    private final String password;

    private VeilInfrastructure(String kafkaBootstrapServers, String postgresHostPort, String database, String user,
            String password) {
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.postgresHostPort = postgresHostPort;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    /** The JVM's infrastructure, started on first use and stopped when the JVM exits. */
    public static synchronized VeilInfrastructure get() {
        if (instance == null) {
            instance = DockerClientFactory.instance().isDockerAvailable() ? containers() : embedded();
        }
        return instance;
    }

    private static VeilInfrastructure containers() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");
        kafka.start();
        var postgres = new PostgreSQLContainer("postgres:17-alpine");
        postgres.start();
        return new VeilInfrastructure(kafka.getBootstrapServers(),
                postgres.getHost() + ":" + postgres.getMappedPort(5432), postgres.getDatabaseName(),
                postgres.getUsername(), postgres.getPassword());
    }

    private static VeilInfrastructure embedded() {
        EmbeddedKafkaBroker kafka = new EmbeddedKafkaKraftBroker(1, 1)
                .brokerProperties(Map.of("auto.create.topics.enable", "true",
                        "group.initial.rebalance.delay.ms", "0"));
        kafka.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::destroy));
        String external = System.getenv("VEIL_TEST_POSTGRES_URL");
        if (external != null && !external.isBlank()) {
            return of(kafka.getBrokersAsString(), external);
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            return new VeilInfrastructure(kafka.getBrokersAsString(), "localhost:" + postgres.getPort(),
                    "postgres", "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Postgres did not start", e);
        }
    }

    /**
     * Runs the infrastructure in this JVM for another one: prints {@code KAFKA=<bootstrap servers>} and
     * {@code POSTGRES=<JDBC URL with user and password>}, then keeps it until its standard input closes.
     */
    public static void main(String[] args) throws IOException {
        VeilInfrastructure infrastructure = get();
        System.out.println("KAFKA=" + infrastructure.kafkaBootstrapServers());
        System.out.println("POSTGRES=" + infrastructure.jdbcUrl() + "?user=" + infrastructure.user() + "&password="
                + infrastructure.password());
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
        System.exit(0);
    }

    /** Infrastructure already running: a Kafka broker and a Postgres given as a JDBC URL with user and password. */
    public static VeilInfrastructure of(String kafka, String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Map<String, String> params = new java.util.HashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return new VeilInfrastructure(kafka, uri.getHost() + ":" + uri.getPort(), uri.getPath().substring(1),
                params.getOrDefault("user", "postgres"), params.getOrDefault("password", ""));
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String jdbcUrl() {
        return "jdbc:" + dbUrl();
    }

    /** Postgres as {@code postgresql://host:port/database}, the form of the {@code veil.db.url} property. */
    public String dbUrl() {
        return "postgresql://" + postgresHostPort + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Connection properties of one service, whose tables live in {@code schema}. */
    public Map<String, String> serviceProperties(String schema) {
        return Map.of(
                "veil.kafka.bootstrap-servers", kafkaBootstrapServers,
                "veil.db.url", dbUrl(),
                "veil.db.username", user,
                "veil.db.password", password,
                "veil.db.schema", schema);
    }

    /** Registers {@link #serviceProperties(String)} with a Spring test context. */
    public void register(DynamicPropertyRegistry registry, String schema) {
        serviceProperties(schema).forEach((k, v) -> registry.add(k, () -> v));
    }
}
