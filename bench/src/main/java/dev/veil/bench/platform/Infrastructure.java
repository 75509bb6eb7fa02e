package dev.veil.bench.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The benchmark's infrastructure process: a single-node KRaft Kafka broker in this JVM and an embedded Postgres 17
 * (its own OS processes), configured as standalone's {@code LocalKafka}/{@code LocalPostgres} configure them, on the
 * ports given, in a fresh data directory. Started by {@link Platform} as a child JVM so that the broker's CPU and
 * memory are measured apart from the services and the load driver. Prints {@code READY} once both accept
 * connections and stops both when its standard input closes or it is terminated.
 *
 * <p>Arguments: data directory, Kafka port, Kafka controller port, Postgres port.
 */
public final class Infrastructure {

    private Infrastructure() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int kafkaPort = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        int postgresPort = Integer.parseInt(args[3]);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(postgresPort)
                .setDataDirectory(Files.createDirectories(data.resolve("postgres")))
                .setCleanDataDirectory(true)
                .start();
        KafkaRaftServer kafka = kafka(Files.createDirectories(data.resolve("kafka")), kafkaPort, controllerPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.shutdown();
            kafka.awaitShutdown();
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("Postgres did not stop cleanly: " + e.getMessage());
            }
        }, "infrastructure-shutdown"));
        System.out.println("READY");
        System.out.flush();
        // The harness holds our standard input open for as long as it wants the infrastructure.
        System.in.transferTo(OutputStream.nullOutputStream());
        System.exit(0);
    }

    private static KafkaRaftServer kafka(Path dir, int port, int controllerPort) throws IOException {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.resolve("log").toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "true");
        Path config = dir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            props.store(out, "Veil bench Kafka");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("formatting Kafka storage failed: " + output);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return server;
    }
}
