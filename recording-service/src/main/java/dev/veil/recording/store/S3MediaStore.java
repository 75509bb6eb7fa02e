package dev.veil.recording.store;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The media store in an S3-compatible object store ({@code veil.recording.store.type=s3}): a recording's media is
 * the object {@code {auth_id}/{recording_id}.{format}} of the configured bucket. A verified download is uploaded
 * from its local file (streamed from disk) with its {@code Content-MD5}, so the store itself refuses damaged bytes,
 * and its SHA-256 as object metadata ({@code x-amz-meta-sha256}); the stored object's size is then read back. Media
 * is served with ranged {@code GET}s, so a range request reads only its bytes from the store.
 */
final class S3MediaStore implements MediaStore, AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int NOT_FOUND = 404;

    private final S3Client s3;
    private final String bucket;
    private final IncomingFiles incoming;

    S3MediaStore(S3Client s3, String bucket, Path stagingDirectory) {
        this.s3 = s3;
        this.bucket = bucket;
        this.incoming = new IncomingFiles(stagingDirectory.toAbsolutePath().normalize().resolve(".incoming"));
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
        Digests local = digests(download);
        if (local.size() != sizeBytes || !local.sha256().equals(sha256)) {
            throw new IOException("the downloaded file differs from the download (" + local.size()
                    + " bytes, expected " + sizeBytes + ")");
        }
        try {
            s3.putObject(request -> request.bucket(bucket).key(key).contentLength(sizeBytes)
                            .contentMD5(local.md5Base64())
                            .contentType("wav".equals(format) ? "audio/wav" : "audio/mpeg")
                            .metadata(Map.of("sha256", sha256)),
                    RequestBody.fromFile(download));
            HeadObjectResponse stored = s3.headObject(request -> request.bucket(bucket).key(key));
            if (stored.contentLength() == null || stored.contentLength() != sizeBytes) {
                s3.deleteObject(request -> request.bucket(bucket).key(key));
                throw new IOException("stored object has " + stored.contentLength() + " bytes, expected "
                        + sizeBytes);
            }
            return key;
        } catch (SdkException e) {
            throw new IOException("could not store the media in bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        try {
            Long length = s3.headObject(request -> request.bucket(bucket).key(key)).contentLength();
            return length == null ? OptionalLong.empty() : OptionalLong.of(length);
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return OptionalLong.empty();
            }
            throw new IOException("could not read the media's size from bucket " + bucket, e);
        } catch (SdkException e) {
            throw new IOException("could not read the media's size from bucket " + bucket, e);
        }
    }

    @Override
    public Flux<DataBuffer> read(String key, long offset, long length) {
        if (length <= 0) {
            return Flux.empty();
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        // The response body is read as it arrives and closed at the end, on error or on cancel.
        return DataBufferUtils.readInputStream(
                        () -> s3.getObject(request -> request.bucket(bucket).key(key).range(range)),
                        DefaultDataBufferFactory.sharedInstance, BUFFER_SIZE)
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            // Deleting a missing object succeeds in S3, as the interface asks.
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new IOException("could not delete the media from bucket " + bucket, e);
        }
    }

    /** Closes the client's connection pool; Spring calls it when the context closes. */
    @Override
    public void close() {
        s3.close();
    }

    /** Size, SHA-256 and MD5 of a local file, in one pass. */
    private static Digests digests(Path file) throws IOException {
        MessageDigest sha256 = MediaStore.sha256();
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                size += n;
            }
        }
        return new Digests(size, HexFormat.of().formatHex(sha256.digest()),
                Base64.getEncoder().encodeToString(md5.digest()));
    }

    private record Digests(long size, String sha256, String md5Base64) {
    }
}
