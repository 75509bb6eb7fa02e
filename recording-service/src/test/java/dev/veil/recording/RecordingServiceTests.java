package dev.veil.recording;

import dev.veil.testsupport.VeilInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** recording-service boots on real Postgres and Kafka with its own schema, health and metrics. */
@SpringBootTest(properties = {
        "spring.config.name=" + RecordingServiceApplication.CONFIG_NAME,
        "veil.recording.stored-gauge-interval=200ms"})
@AutoConfigureWebTestClient(timeout = "30s")
class RecordingServiceTests {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VeilInfrastructure.get().register(registry, "recording");
    }

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    MeterRegistry meters;

    @Test
    void isHealthy() {
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void servesPrometheusMetricsIncludingStoredRecordings() {
        String metrics = web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("veil_recordings_stored{").contains("service=\"recording-service\"");
    }

    @Test
    void keepsRecordingMetadataInItsOwnSchema() {
        UUID recording = UUID.randomUUID();
        insert(recording, "in_progress", "mp3");

        StoredRow row = db.sql("""
                        SELECT current_schema() AS schema, session_uuid, format, status, storage_path, created_at
                        FROM recordings WHERE recording_uuid = :id""")
                .bind("id", recording)
                .map(r -> new StoredRow(r.get("schema", String.class), r.get("session_uuid", String.class),
                        r.get("format", String.class), r.get("status", String.class),
                        r.get("storage_path", String.class), r.get("created_at", OffsetDateTime.class)))
                .one().block();

        assertThat(row.schema()).isEqualTo("recording");
        assertThat(row.sessionUuid()).isEqualTo("session-" + recording);
        assertThat(row.format()).isEqualTo("mp3");
        assertThat(row.status()).isEqualTo("in_progress");
        assertThat(row.storagePath()).isNull();
        assertThat(row.createdAt()).isNotNull();
    }

    private record StoredRow(String schema, String sessionUuid, String format, String status,
            @Nullable String storagePath, @Nullable OffsetDateTime createdAt) {
    }

    @Test
    void refusesAFormatOrStatusItDoesNotKnow() {
        assertThatThrownBy(() -> insert(UUID.randomUUID(), "completed", "ogg"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> insert(UUID.randomUUID(), "lost", "wav"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void storedRecordingsGaugeFollowsTheTable() {
        insert(UUID.randomUUID(), "completed", "wav");
        long completed = db.sql("SELECT count(*) FROM recordings WHERE status = 'completed'")
                .map(r -> r.get(0, Long.class)).one().block();

        assertThat(completed).isPositive();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.get("veil.recordings.stored").gauge().value() == completed);
    }

    private void insert(UUID recording, String status, String format) {
        db.sql("""
                        INSERT INTO recordings (recording_uuid, session_uuid, account_id, call_uuid, format, status)
                        VALUES (:id, :session, 'MAVEILDEMO0000000001', :call, :format, :status)""")
                .bind("id", recording).bind("session", "session-" + recording).bind("call", "call-" + recording)
                .bind("format", format).bind("status", status)
                .then().block();
    }
}
