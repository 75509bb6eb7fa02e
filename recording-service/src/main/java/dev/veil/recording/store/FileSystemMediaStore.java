package dev.veil.recording.store;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The media store in a local directory ({@code veil.recording.store.type=filesystem}, the default): a recording's
 * file is {@code {root}/{auth_id}/{recording_id}.{format}}; a download is moved there from {@code .incoming/} only
 * once verified, and its size and SHA-256 are read back from the stored file.
 */
final class FileSystemMediaStore implements MediaStore {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path root;
    private final IncomingFiles incoming;

    FileSystemMediaStore(Path directory) {
        this.root = directory.toAbsolutePath().normalize();
        this.incoming = new IncomingFiles(root.resolve(".incoming"));
    }

    @Override
    public Path newIncomingFile() throws IOException {
        return incoming.newFile();
    }

    @Override
    public void discard(Path download) {
        incoming.discard(download);
    }

    @Override
    public String store(Path download, String accountId, String recordingId, String format, long sizeBytes,
            String sha256) throws IOException {
        String key = MediaStore.key(accountId, recordingId, format);
        Path target = root.resolve(key);
        Files.createDirectories(target.getParent());
        Files.move(download, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long size = Files.size(target);
        String stored = MediaStore.sha256(target);
        if (size != sizeBytes || !stored.equals(sha256)) {
            Files.deleteIfExists(target);
            throw new IOException("stored media differs from the download (" + size + " bytes, expected "
                    + sizeBytes + ")");
        }
        return key;
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        Path file = resolve(key);
        return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
    }

    @Override
    public Flux<DataBuffer> read(String key, long offset, long length) {
        Path file = resolve(key);
        // Positioned reads: a range far into the file does not read what comes before it.
        return DataBufferUtils.takeUntilByteCount(DataBufferUtils.readAsynchronousFileChannel(
                () -> AsynchronousFileChannel.open(file, StandardOpenOption.READ), offset,
                DefaultDataBufferFactory.sharedInstance, BUFFER_SIZE), length);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    private Path resolve(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("a stored path must stay inside the store");
        }
        return file;
    }
}
