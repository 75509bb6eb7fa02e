package dev.veil.carrier.recording;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class RecordingMediaTests {

    @Test
    void wavIsAPcmFileOfTheRecordingsLength() {
        byte[] wav = RecordingMedia.wav(2_500);

        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(header.getInt(4)).isEqualTo(wav.length - 8);
        assertThat(new String(wav, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(header.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(header.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(header.getInt(24)).as("sample rate").isEqualTo(8_000);
        assertThat(header.getShort(34)).as("bits per sample").isEqualTo((short) 8);
        assertThat(new String(wav, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        assertThat(header.getInt(40)).isEqualTo(20_000);
        assertThat(wav).hasSize(44 + 20_000);
        // A tone, not a flat line.
        byte[] samples = Arrays.copyOfRange(wav, 44, wav.length);
        assertThat(samples).contains((byte) 128).contains((byte) 144);
    }

    @Test
    void mp3IsASequenceOfSilentFramesCoveringTheLength() {
        byte[] mp3 = RecordingMedia.mp3(1_000);

        // 1000 ms in 36 ms frames: 28 frames of 36 bytes.
        assertThat(mp3).hasSize(28 * 36);
        for (int frame = 0; frame < 28; frame++) {
            assertThat(Arrays.copyOfRange(mp3, frame * 36, frame * 36 + 4))
                    .containsExactly(0xFF, 0xF3, 0x18, 0xC0);
        }
        assertThat(RecordingMedia.contentType("mp3")).isEqualTo("audio/mpeg");
        assertThat(RecordingMedia.contentType("wav")).isEqualTo("audio/wav");
    }
}
