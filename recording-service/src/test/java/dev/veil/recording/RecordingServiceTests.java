package dev.veil.recording;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** recording-service boots on real Postgres and Kafka with its own schema, health and metrics. */
class RecordingServiceTests extends RecordingIntegration {

    @Test
    void isHealthy() {
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void servesPrometheusMetricsIncludingStoredRecordingsAndBytes() {
        String metrics = web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("veil_recordings_stored{").contains("veil_recordings_bytes{")
                .contains("veil_recordings_failures_total{reason=\"media-incomplete\"")
                .contains("service=\"recording-service\"");
    }

    @Test
    void keepsRecordingMetadataInItsOwnSchema() {
        String recording = UUID.randomUUID().toString();
        insert(recording, "in_progress", "mp3");

        StoredRow row = db.sql("""
                        SELECT current_schema() AS schema, session_uuid, format, status, storage_path, created_at
                        FROM recordings WHERE recording_id = :id""")
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
        assertThatThrownBy(() -> insert(UUID.randomUUID().toString(), "completed", "ogg"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> insert(UUID.randomUUID().toString(), "lost", "wav"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void storedRecordingsGaugesFollowTheTable() {
        String recording = UUID.randomUUID().toString();
        insert(recording, "completed", "wav");
        db.sql("UPDATE recordings SET size_bytes = 4321 WHERE recording_id = :id").bind("id", recording)
                .then().block();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            long[] totals = db.sql("""
                            SELECT count(*), COALESCE(sum(size_bytes), 0) FROM recordings
                            WHERE status = 'completed'""")
                    .map(r -> new long[] {r.get(0, Long.class), r.get(1, BigDecimal.class).longValue()})
                    .one().block();
            return totals[0] > 0 && totals[1] >= 4321
                    && meters.get("veil.recordings.stored").gauge().value() == totals[0]
                    && meters.get("veil.recordings.bytes").gauge().value() == totals[1];
        });
    }

    private void insert(String recording, String status, String format) {
        db.sql("""
                        INSERT INTO recordings (recording_id, session_uuid, account_id, call_uuid, format, status)
                        VALUES (:id, :session, 'MAVEILDEMO0000000001', :call, :format, :status)""")
                .bind("id", recording).bind("session", "session-" + recording).bind("call", "call-" + recording)
                .bind("format", format).bind("status", status)
                .then().block();
    }
}
