package dev.veil.router.index;

import dev.veil.events.EventType;
import dev.veil.events.SessionCreated;
import dev.veil.events.SessionExpired;
import dev.veil.events.SessionUpdated;
import dev.veil.events.Topics;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads every partition of the compacted {@code veil.session.v2} from its beginning into the {@link RoutingIndex},
 * then follows it: {@code SessionCreated} adds a session's routes, {@code SessionUpdated} replaces them,
 * {@code SessionExpired} (or a tombstone) removes them. Every replica reads the whole topic, like a global table.
 *
 * <p>A plain {@link KafkaConsumer} with {@code assign} + {@code seekToBeginning} on its own thread, rather than an
 * anonymous Spring Cloud Stream binding: there is no consumer group to join or rebalance and no offset to commit
 * (the index is rebuilt on every start), the end offsets taken at start-up tell exactly when the initial catch-up
 * is done ({@link #caughtUp()}), and dead-letter topics, which the binder refuses for anonymous consumers and which
 * make no sense for a derived in-memory view, stay out of the way. Consumes no events idempotently: applying a
 * session state twice is harmless.
 */
public final class SessionTopicReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String bootstrapServers;
    private final String clientId;
    private final RoutingIndex index;
    private final EventCodec codec;
    /** Next offset to read per partition; kept across consumer restarts so a restart never replays old state. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private @Nullable Map<TopicPartition, Long> catchUpTargets;
    private volatile boolean caughtUp;
    private volatile long recordsRead;
    private volatile boolean running;
    private volatile @Nullable Consumer<String, byte[]> consumer;
    private @Nullable Thread thread;

    public SessionTopicReader(String bootstrapServers, String clientId, RoutingIndex index, EventCodec codec) {
        this.bootstrapServers = bootstrapServers;
        this.clientId = clientId;
        this.index = index;
        this.codec = codec;
    }

    /** Whether the index has read the topic up to where it ended when this reader started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records read from the topic since start-up. */
    public long recordsRead() {
        return recordsRead;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name("routing-index").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                follow(kafka);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("reading {} failed, reconnecting: {}", Topics.SESSION, e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(Consumer<String, byte[]> kafka) {
        Set<TopicPartition> assigned = assign(kafka, Set.of());
        if (catchUpTargets == null) {
            catchUpTargets = kafka.endOffsets(assigned);
        }
        long nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
        while (running) {
            for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                apply(record);
                positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                recordsRead++;
            }
            if (!caughtUp) {
                checkCaughtUp(kafka);
            }
            if (System.nanoTime() - nextPartitionCheck > 0) {
                // Partitions added to the topic later are read from their beginning too.
                assigned = assign(kafka, assigned);
                nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
            }
        }
    }

    /** Assigns every partition of the topic, each at its saved position or its beginning; returns them. */
    private Set<TopicPartition> assign(Consumer<String, byte[]> kafka, Set<TopicPartition> current) {
        List<PartitionInfo> infos = kafka.partitionsFor(Topics.SESSION);
        Set<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .collect(Collectors.toSet());
        if (partitions.equals(current)) {
            return current;
        }
        kafka.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long position = positions.get(partition);
            if (position == null) {
                kafka.seekToBeginning(List.of(partition));
            } else {
                kafka.seek(partition, position);
            }
        }
        return partitions;
    }

    private void checkCaughtUp(Consumer<String, byte[]> kafka) {
        Map<TopicPartition, Long> targets = catchUpTargets;
        if (targets == null) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            if (kafka.position(target.getKey()) < target.getValue()) {
                return;
            }
        }
        caughtUp = true;
        log.info("routing index caught up with {}: {} records, {} sessions, {} routes", Topics.SESSION,
                recordsRead, index.sessionCount(), index.routeCount());
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            // A tombstone: the session is gone for good.
            if (record.key() != null) {
                index.end(record.key(), Instant.ofEpochMilli(record.timestamp()));
            }
            return;
        }
        try {
            EventEnvelope envelope = EventEnvelope.fromHeaders(record.headers());
            Optional<EventType> type = EventType.fromWireName(envelope.type());
            if (type.isEmpty()) {
                return;
            }
            switch (codec.decode(type.get(), record.value())) {
                case SessionCreated created -> index.apply(created.sessionUuid(), created.session());
                case SessionUpdated updated -> index.apply(updated.sessionUuid(), updated.session());
                case SessionExpired expired -> index.end(expired.sessionUuid(), expired.occurredAt());
                default -> {
                }
            }
        } catch (RuntimeException e) {
            // The index is a view; a record it cannot read is skipped rather than stopping every later session.
            log.warn("skipping unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), describe(e));
        }
    }

    /**
     * What went wrong, without quoting the record: a decoding error's message may quote the event, which holds the
     * virtual number and sealed values. A key that does not open a value says so (those messages never hold it).
     */
    private static String describe(RuntimeException e) {
        return e instanceof IllegalStateException ? e.getMessage() : e.getClass().getName();
    }

    private void pause() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
