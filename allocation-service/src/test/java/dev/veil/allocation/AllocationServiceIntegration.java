package dev.veil.allocation;

import dev.veil.events.SessionCreated;
import dev.veil.events.SessionExpired;
import dev.veil.events.SessionState;
import dev.veil.events.VeilEvent;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.events.EventEnvelope;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.testsupport.FakeSessionService;
import dev.veil.testsupport.VeilInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The Spring context every integration test class of this module shares (same annotations and property source,
 * so one cached context), over the real Kafka and Postgres of {@link VeilInfrastructure}, plus helpers to seed
 * pools, call the allocation endpoint, publish session events and read the tables.
 */
@SpringBootTest(properties = "spring.config.name=" + AllocationServiceApplication.CONFIG_NAME)
@AutoConfigureWebTestClient(timeout = "30s")
public abstract class AllocationServiceIntegration {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VeilInfrastructure.get().register(registry, "allocation");
        registry.add("veil.accounts.session-service-url", FakeSessionService.get()::baseUrl);
    }

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected DatabaseClient db;
    @Autowired
    protected EventCodec codec;

    /** Adds active virtual numbers owned by {@code account}, straight into the table. */
    protected void seed(String account, String... numbers) {
        for (String number : numbers) {
            seedWithStatus(account, number, "active");
        }
    }

    protected void seedWithStatus(String account, String number, String status) {
        db.sql("INSERT INTO virtual_numbers (number, account_id, country, status) VALUES (:n, :a, :c, :s)")
                .bind("n", number).bind("a", account).bind("c", PhoneNumber.parse(number).country())
                .bind("s", status)
                .then().block();
    }

    /** Adds an active virtual number of {@code account} assigned to its subaccount {@code subaccount}. */
    protected void seedAssigned(String account, String subaccount, String number) {
        db.sql("""
                        INSERT INTO virtual_numbers (number, account_id, subaccount_id, country)
                        VALUES (:n, :a, :sa, :c)""")
                .bind("n", number).bind("a", account).bind("sa", subaccount)
                .bind("c", PhoneNumber.parse(number).country())
                .then().block();
    }

    /** Posts an allocation request with any body. */
    protected WebTestClient.ResponseSpec allocate(Map<String, ?> body) {
        return web.post().uri("/internal/v1/allocations").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    /**
     * An allocation request body: the session, the account, the parties' index and country fields (a null party is
     * left out) and {@code options}, given as name, value, name, value, ...
     */
    protected static Map<String, Object> request(String session, String account, @Nullable TestParty first,
            @Nullable TestParty second, Object... options) {
        Map<String, Object> body = new HashMap<>(Map.of("session_uuid", session, "account_id", account));
        if (first != null) {
            body.putAll(first.fields("first_party"));
        }
        if (second != null) {
            body.putAll(second.fields("second_party"));
        }
        for (int i = 0; i < options.length; i += 2) {
            body.put((String) options[i], options[i + 1]);
        }
        return body;
    }

    /** Posts an allocation request for two parties; {@code geomatch} null leaves the field out. */
    protected WebTestClient.ResponseSpec allocate(String session, String account, TestParty first, TestParty second,
            @Nullable Boolean geomatch) {
        return allocate(geomatch == null ? request(session, account, first, second)
                : request(session, account, first, second, "geomatch", geomatch));
    }

    /** Allocates with geomatch left at its default and returns the virtual number, expecting 201. */
    protected String allocated(String session, String account, TestParty first, TestParty second) {
        return allocate(session, account, first, second, null)
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("virtual_number").toString();
    }

    protected @Nullable String status(String session) {
        return db.sql("SELECT status FROM allocations WHERE session_uuid = :s").bind("s", session)
                .map(r -> r.get(0, String.class)).one().block();
    }

    /** The allocator's load counter of a number ({@code virtual_numbers.live_sessions}). */
    protected int liveSessions(String number) {
        return db.sql("SELECT live_sessions FROM virtual_numbers WHERE number = :n").bind("n", number)
                .map(r -> r.get(0, Integer.class)).one().block();
    }

    /** The bindings a session holds, as {@code number|binding}. */
    protected List<String> bindingsOf(String session) {
        return db.sql("SELECT virtual_number || '|' || binding FROM bindings WHERE session_uuid = :s ORDER BY 1")
                .bind("s", session).map(r -> r.get(0, String.class)).all().collectList().block();
    }

    /** A session's state naming its parties as events do; a null party is absent (or erased). */
    protected static SessionState state(String account, @Nullable TestParty first, @Nullable TestParty second,
            String virtualNumber, String status) {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new SessionState(account, first == null ? null : first.number(),
                second == null ? null : second.number(), virtualNumber, status, 14400, 45, created,
                created.plusSeconds(3600), false, "mp3");
    }

    protected static SessionCreated created(String session, String account, TestParty first, TestParty second,
            String virtualNumber) {
        return new SessionCreated(session, state(account, first, second, virtualNumber, "active"), Instant.now());
    }

    protected static SessionExpired expired(String session, String account, TestParty first, TestParty second,
            String virtualNumber) {
        return new SessionExpired(session, state(account, first, second, virtualNumber, "expired"), "api",
                Instant.now());
    }

    /** The SessionExpired of a data erasure naming one of the session's parties: its state names none. */
    protected static SessionExpired erased(String session, String account, String virtualNumber) {
        return new SessionExpired(session, state(account, null, null, virtualNumber, "expired"), "erased",
                Instant.now());
    }

    /** Publishes an event to its topic as session-service's outbox relay would; returns its envelope. */
    protected EventEnvelope publish(VeilEvent event) {
        EventEnvelope envelope = EventEnvelope.of(event.eventType(), "session-service", Instant.now(),
                event.sessionUuid(), "test-" + event.sessionUuid());
        publish(event, envelope);
        return envelope;
    }

    /** Publishes an event with a given envelope, for example again, as a redelivery. */
    protected void publish(VeilEvent event, EventEnvelope envelope) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                VeilInfrastructure.get().kafkaBootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(event.eventType().topic(), null, event.sessionUuid(),
                    codec.encode(event), envelope.toHeaders())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + event.eventType(), e.getCause());
        }
    }
}
