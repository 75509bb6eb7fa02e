package dev.veil.recording.store;

import dev.veil.recording.RecordingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Veil's store of recording media: a local directory ({@code veil.recording.store.directory}). A recording's file
 * is {@code {auth_id}/{recording_id}.{format}}; a download is written to {@code .incoming/} first and moved into
 * place only once its size and checksum were verified, so a reader never sees a partial file. The methods block on
 * the file system: call them on a scheduler meant for blocking work.
 */
@Component
public class MediaStore {

    /** Auth ids and recording ids become file names: only these characters may (no path separators, no dots). */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private static final Logger log = LoggerFactory.getLogger(MediaStore.class);

    private final Path root;
    private final Path incoming;

    MediaStore(RecordingProperties properties) {
        this.root = properties.store().directory().toAbsolutePath().normalize();
        this.incoming = root.resolve(".incoming");
        try {
            Files.createDirectories(incoming);
            removeAbandonedDownloads();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the recording store " + root, e);
        }
    }

    /**
     * Removes unfinished downloads a stopped process left behind. Only those untouched for a day: a download is
     * bounded by {@code veil.recording.download.timeout}, so an older one belongs to no running process.
     */
    private void removeAbandonedDownloads() throws IOException {
        Instant cutoff = Instant.now().minus(Duration.ofDays(1));
        try (Stream<Path> files = Files.list(incoming)) {
            for (Path file : files.toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    discard(file);
                }
            }
        }
    }

    /** A new empty file for a download in progress. */
    public Path newIncomingFile() throws IOException {
        return Files.createTempFile(incoming, "download-", ".part");
    }

    /**
     * Moves a verified download into place and checks that the stored file has the size and SHA-256 the download
     * had, so a short or damaged write is caught before the recording is declared stored.
     *
     * @return the stored file's path relative to the store's root
     * @throws IOException when the file cannot be moved or read back, or differs from what was downloaded
     */
    public String store(Path download, String accountId, String recordingId, String format, long sizeBytes,
            String sha256) throws IOException {
        String relative = relativePath(accountId, recordingId, format);
        Path target = root.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.move(download, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long size = Files.size(target);
        String stored = sha256(target);
        if (size != sizeBytes || !stored.equals(sha256)) {
            Files.deleteIfExists(target);
            throw new IOException("stored media differs from the download (" + size + " bytes, expected "
                    + sizeBytes + ")");
        }
        return relative;
    }

    /** The stored media at {@code relativePath}, if the file is there. */
    public Optional<Resource> open(String relativePath) {
        Path file = resolve(relativePath);
        return Files.isRegularFile(file) ? Optional.of(new FileSystemResource(file)) : Optional.empty();
    }

    /** Removes stored media; nothing when it is already gone. */
    public void delete(String relativePath) throws IOException {
        Files.deleteIfExists(resolve(relativePath));
    }

    /** Removes a download that will not be stored. */
    public void discard(Path download) {
        try {
            Files.deleteIfExists(download);
        } catch (IOException e) {
            // A leftover .part file is never read; it only takes space until an operator removes it.
            log.warn("could not remove the unfinished download {}: {}", download, e.toString());
        }
    }

    /** Hex SHA-256 of a file's content. */
    public static String sha256(Path file) throws IOException {
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
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Whether an id can name a file in the store. */
    public static boolean safeName(String id) {
        return SAFE_NAME.matcher(id).matches();
    }

    private static String relativePath(String accountId, String recordingId, String format) {
        if (!safeName(accountId) || !safeName(recordingId) || !format.matches("mp3|wav")) {
            throw new IllegalArgumentException("not a storable account, recording id or format");
        }
        return accountId + "/" + recordingId + "." + format;
    }

    private Path resolve(String relativePath) {
        Path file = root.resolve(relativePath).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("a stored path must stay inside the store");
        }
        return file;
    }
}
