package dev.veil.recording.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The local directory downloads are written to while they run ({@code .incoming/} below
 * {@code veil.recording.store.directory}), whichever store keeps the media: a download is checked there before it
 * is stored, so no store ever holds a partial or unverified copy.
 */
final class IncomingFiles {

    private static final Logger log = LoggerFactory.getLogger(IncomingFiles.class);

    private final Path directory;

    IncomingFiles(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            removeAbandonedDownloads();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the download directory " + directory, e);
        }
    }

    /**
     * Removes unfinished downloads a stopped process left behind. Only those untouched for a day: a download is
     * bounded by {@code veil.recording.download.timeout}, so an older one belongs to no running process.
     */
    private void removeAbandonedDownloads() throws IOException {
        Instant cutoff = Instant.now().minus(Duration.ofDays(1));
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    discard(file);
                }
            }
        }
    }

    Path newFile() throws IOException {
        return Files.createTempFile(directory, "download-", ".part");
    }

    void discard(Path download) {
        try {
            Files.deleteIfExists(download);
        } catch (IOException e) {
            // A leftover .part file is never read; it only takes space until the next start removes it.
            log.warn("could not remove the unfinished download {}: {}", download, e.toString());
        }
    }
}
