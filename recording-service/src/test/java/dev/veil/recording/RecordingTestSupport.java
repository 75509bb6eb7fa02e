package dev.veil.recording;

import dev.veil.events.EventHeaders;
import dev.veil.events.EventType;
import dev.veil.events.Topics;
import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.platform.webhook.PlivoSignatureV3;
import dev.veil.testsupport.VeilInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the integration tests of recording-service share, whichever store their context uses: helpers to post
 * signed carrier callbacks, to publish events and to read the events the service published, over real Kafka and
 * Postgres. {@link RecordingIntegration} is the context of most tests (media in a directory).
 */
public abstract class RecordingTestSupport {

    /** The public URL the carrier posts to (the gateway's), over which it signs. */
    public static final String WEBHOOK_BASE = "https://hooks.veil.test";
    public static final String PUBLIC_BASE = "https://api.veil.test";
    public static final String CARRIER_TOKEN = "veil-carrier-token";
    /** An account whose recordings are kept 365 days (each context configures it); every other account keeps 90. */
    public static final String LONG_RETENTION_ACCOUNT = "MAKEEPLONG0000000001";
    protected static final Duration WAIT = Duration.ofSeconds(60);
    /** The national digits of the parties' numbers the carrier's callbacks carry (From, To). */
    protected static final String CALLER_DIGITS = "4155550100";
    protected static final String CALLEE_DIGITS = "4155550199";

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected DatabaseClient db;
    @Autowired
    protected EventCodec codec;
    @Autowired
    protected MeterRegistry meters;
    @Autowired
    protected MutableClock clock;

    /** A recording's identity in a test: its session, account, call and carrier id. */
    public record Call(String sessionUuid, String accountId, String callUuid, String recordingId) {

        public static Call of(String accountId) {
            return new Call(UUID.randomUUID().toString(), accountId, UUID.randomUUID().toString(),
                    UUID.randomUUID().toString());
        }

        public Call nextRecording() {
            return new Call(sessionUuid, accountId, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        }
    }

    /** The Record action's report, as Plivo sends it when recording starts. */
    protected static MultiValueMap<String, String> started(Call call, String recordUrl) {
        return recordingForm(call, recordUrl, -1, -1, -1);
    }

    /** The Record callback's report once the media can be fetched. */
    protected static MultiValueMap<String, String> finished(Call call, String recordUrl, long durationMs,
            Instant end) {
        return recordingForm(call, recordUrl, durationMs, end.toEpochMilli() - durationMs, end.toEpochMilli());
    }

    private static MultiValueMap<String, String> recordingForm(Call call, String recordUrl, long durationMs,
            long startMs, long endMs) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("CallUUID", call.callUuid());
        form.add("From", "1" + CALLER_DIGITS);
        form.add("To", "1" + CALLEE_DIGITS);
        form.add("Direction", "inbound");
        form.add("RecordUrl", recordUrl);
        form.add("RecordingID", call.recordingId());
        form.add("RecordingDuration", Long.toString(durationMs < 0 ? -1 : durationMs / 1000));
        form.add("RecordingDurationMs", Long.toString(durationMs));
        form.add("RecordingStartMs", Long.toString(startMs));
        form.add("RecordingEndMs", Long.toString(endMs));
        return form;
    }

    /** The path and query of the recording callback URL call-router gives the carrier for this call. */
    protected static String callbackPath(Call call) {
        return "/carrier/plivo/recording?session_uuid=" + call.sessionUuid() + "&account_id=" + call.accountId();
    }

    /** Posts a recording callback signed with the carrier's token over the public URL, as the carrier does. */
    protected WebTestClient.ResponseSpec postSigned(Call call, MultiValueMap<String, String> form) {
        String nonce = UUID.randomUUID().toString();
        String signature = PlivoSignatureV3.sign("POST", WEBHOOK_BASE + callbackPath(call), form, nonce,
                CARRIER_TOKEN);
        return post(call, form, signature, nonce);
    }

    protected WebTestClient.ResponseSpec post(Call call, MultiValueMap<String, String> form, String signature,
            String nonce) {
        return web.post().uri(callbackPath(call))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header(PlivoSignatureV3.SIGNATURE_HEADER, signature)
                .header(PlivoSignatureV3.NONCE_HEADER, nonce)
                .body(BodyInserters.fromFormData(form))
                .exchange();
    }

    /** Posts both callbacks of a recording and waits until the service published {@code expected} events. */
    protected List<VeilEvent> record(Call call, String recordUrl, long durationMs, int expected) {
        postSigned(call, started(call, recordUrl)).expectStatus().isOk();
        postSigned(call, finished(call, recordUrl, durationMs, clock.instant())).expectStatus().isOk();
        return events(call.sessionUuid(), expected);
    }

    /** Random bytes standing for a recording's media. */
    protected static byte[] media(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /**
     * Waits until {@code expected} events keyed by the session are on the recording topic, then returns every
     * event keyed by it up to the topic's end, so an event beyond those expected is returned too.
     */
    protected List<VeilEvent> events(String session, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        String topic = Topics.RECORDING;
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VeilInfrastructure.get().kafkaBootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            while (System.nanoTime() < deadline
                    && (found.size() < expected || partitions.stream().anyMatch(p -> consumer.position(p)
                    < end.get(p)))) {
                if (found.size() < expected) {
                    end.putAll(consumer.endOffsets(partitions));
                }
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (session.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        List<VeilEvent> events = found.stream().map(r -> {
            String type = new String(r.headers().lastHeader(EventHeaders.TYPE).value(), StandardCharsets.UTF_8);
            return codec.decode(EventType.fromWireName(type).orElseThrow(), r.value());
        }).toList();
        assertThat(events).as("events of session %s", session).hasSize(expected);
        return events;
    }

    /** Publishes an event to its topic as its producer would (keyed, with the envelope's headers). */
    protected void publish(VeilEvent event, EventEnvelope envelope) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VeilInfrastructure.get().kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(event.eventType().topic(), null, event.key(), codec.encode(event),
                    envelope.toHeaders())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + event.eventType(), e.getCause());
        }
    }

    /** An envelope for {@code event} as {@code source} makes it, with a fresh id. */
    protected static EventEnvelope envelope(VeilEvent event, String source) {
        return EventEnvelope.of(event.eventType(), source, Instant.now(), event.key(), "test-" + event.key());
    }

    /** Whether the consumer {@code consumer} has applied (or skipped as applied) the event {@code eventId}. */
    protected boolean consumed(String consumer, UUID eventId) {
        return db.sql("SELECT count(*) FROM consumed_events WHERE consumer = :c AND event_id = :id")
                .bind("c", consumer).bind("id", eventId).map(r -> r.get(0, Long.class)).one().block() > 0;
    }

    /** A recording's status in the table, or null when there is no row. */
    protected String status(String recordingId) {
        return db.sql("SELECT status FROM recordings WHERE recording_id = :id").bind("id", recordingId)
                .map(r -> r.get(0, String.class)).one().block();
    }

    /** The key of a recording's media in the store, or null when it is not (or no longer) stored. */
    protected String storagePath(String recordingId) {
        return db.sql("SELECT storage_path FROM recordings WHERE recording_id = :id")
                .bind("id", recordingId)
                .map(r -> Optional.ofNullable(r.get(0, String.class))).one().blockOptional().flatMap(p -> p)
                .orElse(null);
    }

    protected double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }
}
