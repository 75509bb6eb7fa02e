package dev.veil.recording.store;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Veil's store of recording media, chosen by {@code veil.recording.store.type}: a local directory
 * ({@link FileSystemMediaStore}, the default) or an S3-compatible object store ({@link S3MediaStore}). A recording's
 * media is kept under the key {@code {auth_id}/{recording_id}.{format}}. Downloads are written to a local file
 * first ({@link #newIncomingFile()}) and stored only once their size and checksum were verified, so a reader never
 * sees a partial copy. Every method but {@link #read} blocks: call them on a scheduler meant for blocking work.
 */
public interface MediaStore {

    /** A new empty local file for a download in progress. */
    Path newIncomingFile() throws IOException;

    /** Removes a download that will not be stored. */
    void discard(Path download);

    /**
     * Stores a verified download and checks that the store holds exactly what was downloaded (size, and the
     * SHA-256 or a checksum the store verifies), so a short or damaged write is caught before the recording is
     * declared stored. The local file may be gone afterwards.
     *
     * @return the stored media's key
     * @throws IOException when the media cannot be stored or differs from what was downloaded
     */
    String store(Path download, String accountId, String recordingId, String format, long sizeBytes,
            String sha256) throws IOException;

    /** The size of the stored media under {@code key}; empty when it is not in the store. */
    OptionalLong size(String key) throws IOException;

    /**
     * Streams {@code length} bytes of the stored media from {@code offset} (both within its {@link #size}), without
     * holding more than a buffer of it in memory. Fails when the media is not in the store.
     */
    Flux<DataBuffer> read(String key, long offset, long length);

    /** Removes stored media; nothing when it is already gone. */
    void delete(String key) throws IOException;

    /** Hex SHA-256 of a file's content. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A fresh SHA-256 digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Whether an id can be part of a key (and a file name): letters, digits, {@code -}, {@code _}. */
    static boolean safeName(String id) {
        return SafeNames.PATTERN.matcher(id).matches();
    }

    /** The key of a recording's media: {@code {auth_id}/{recording_id}.{format}}. */
    static String key(String accountId, String recordingId, String format) {
        if (!safeName(accountId) || !safeName(recordingId) || !format.matches("mp3|wav")) {
            throw new IllegalArgumentException("not a storable account, recording id or format");
        }
        return accountId + "/" + recordingId + "." + format;
    }
}
