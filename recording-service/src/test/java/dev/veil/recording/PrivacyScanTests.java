package dev.veil.recording;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No real phone number in clear in recording-service's database: after recordings whose callbacks carried the
 * parties' numbers ({@code From}, {@code To}), every table of its schema, read row by row as text, holds neither
 * number in any form.
 */
class PrivacyScanTests extends RecordingIntegration {

    private static final String ACCOUNT = "MAPRIVACY00000000001";

    @Test
    void noTableHoldsACallersNumber() {
        Call call = Call.of(ACCOUNT);
        record(call, MediaServer.get().serve(call.recordingId() + ".mp3", media(1_200), "audio/mpeg"), 1_200, 2);
        Call running = call.nextRecording();
        postSigned(running, started(running, MediaServer.get().serve(running.recordingId() + ".mp3", media(10),
                "audio/mpeg"))).expectStatus().isOk();
        assertThat(status(running.recordingId())).isEqualTo("in_progress");

        List<String> tables = db.sql("""
                        SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
                        ORDER BY table_name""")
                .map(r -> r.get(0, String.class)).all().collectList().block();
        List<String> rows = new ArrayList<>();
        for (String table : tables) {
            rows.addAll(db.sql("SELECT t::text FROM \"" + table + "\" t").map(r -> r.get(0, String.class)).all()
                    .collectList().block());
        }

        assertThat(tables).contains("recordings", "recording_downloads", "outbox", "consumed_events");
        assertThat(rows).anyMatch(row -> row.contains(call.recordingId()));
        // The numbers of the callbacks' From and To (RecordingIntegration's form), with or without '+'.
        assertThat(rows).noneMatch(row -> row.contains(CALLER_DIGITS) || row.contains(CALLEE_DIGITS));
    }
}
