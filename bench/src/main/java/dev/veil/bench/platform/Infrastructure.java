package dev.veil.bench.platform;

import dev.veil.standalone.infra.LocalKafka;
import dev.veil.standalone.infra.LocalPostgres;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The benchmark's infrastructure process: standalone's {@link LocalKafka} (a single-node KRaft broker in this JVM)
 * and {@link LocalPostgres} (an embedded Postgres 17, its own OS processes) on the ports given, in the data directory
 * given (the harness passes a fresh one). Started by {@link Platform} as a child JVM so that the broker's CPU and
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
        LocalPostgres postgres = LocalPostgres.start(data.resolve("postgres"), postgresPort);
        LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), kafkaPort, controllerPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            postgres.close();
        }, "infrastructure-shutdown"));
        System.out.println("READY");
        System.out.flush();
        // The harness holds our standard input open for as long as it wants the infrastructure.
        System.in.transferTo(OutputStream.nullOutputStream());
        System.exit(0);
    }
}
