package dev.veil.carrier.recording;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Real, small audio files of a given length, generated rather than stored so a simulator needs no disk.
 * <ul>
 *   <li>WAV: RIFF PCM, 8 kHz, 8-bit unsigned, mono (8 KB per second), a quiet 440 Hz tone.</li>
 *   <li>MP3: MPEG-2 Layer III frames, 16 kHz, 8 kbit/s, mono, each 36 bytes and 36 ms of silence (its side
 *   information is all zero, so decoders output silence): about 1 KB per second.</li>
 * </ul>
 */
final class RecordingMedia {

    static final int WAV_SAMPLE_RATE = 8_000;
    static final int WAV_HEADER_BYTES = 44;
    /** MPEG-2 (version bits 10), Layer III, no CRC; 8 kbit/s, 16 kHz, no padding; mono. */
    static final byte[] MP3_FRAME_HEADER = {(byte) 0xFF, (byte) 0xF3, (byte) 0x18, (byte) 0xC0};
    /** 72 x 8000 / 16000 bytes per frame, 576 samples at 16 kHz = 36 ms. */
    static final int MP3_FRAME_BYTES = 36;
    static final int MP3_FRAME_MS = 36;

    private RecordingMedia() {
    }

    static String contentType(String fileFormat) {
        return "wav".equals(fileFormat) ? "audio/wav" : "audio/mpeg";
    }

    static byte[] bytes(String fileFormat, long durationMs) {
        return "wav".equals(fileFormat) ? wav(durationMs) : mp3(durationMs);
    }

    static byte[] wav(long durationMs) {
        int samples = Math.toIntExact(durationMs * WAV_SAMPLE_RATE / 1000);
        ByteBuffer wav = ByteBuffer.allocate(WAV_HEADER_BYTES + samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(US_ASCII)).putInt(36 + samples)
                .put("WAVE".getBytes(US_ASCII))
                .put("fmt ".getBytes(US_ASCII)).putInt(16)
                .putShort((short) 1) // PCM
                .putShort((short) 1) // mono
                .putInt(WAV_SAMPLE_RATE)
                .putInt(WAV_SAMPLE_RATE) // byte rate: 1 byte per sample
                .putShort((short) 1) // block align
                .putShort((short) 8) // bits per sample
                .put("data".getBytes(US_ASCII)).putInt(samples);
        for (int i = 0; i < samples; i++) {
            wav.put((byte) (128 + Math.round(16 * Math.sin(2 * Math.PI * 440 * i / WAV_SAMPLE_RATE))));
        }
        return wav.array();
    }

    static byte[] mp3(long durationMs) {
        int frames = Math.toIntExact((durationMs + MP3_FRAME_MS - 1) / MP3_FRAME_MS);
        byte[] mp3 = new byte[frames * MP3_FRAME_BYTES];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(MP3_FRAME_HEADER, 0, mp3, f * MP3_FRAME_BYTES, MP3_FRAME_HEADER.length);
        }
        return mp3;
    }
}
