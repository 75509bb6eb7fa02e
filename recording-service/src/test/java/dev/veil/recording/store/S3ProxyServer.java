package dev.veil.recording.store;

import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * A real S3-compatible server for tests: S3Proxy serving the S3 protocol (SigV4 authentication, path-style
 * buckets) on a random local port over jclouds' in-memory blob store, with one bucket. One per test JVM. Tests read
 * the bucket through the blob store directly, beside the service's S3 client.
 */
final class S3ProxyServer {

    static final String BUCKET = "veil-recordings";
    static final String ACCESS_KEY = "veil-test-access";
    static final String SECRET_KEY = "veil-test-secret";

    private static final S3ProxyServer INSTANCE = new S3ProxyServer();

    private final BlobStore blobs;
    private final S3Proxy proxy;

    private S3ProxyServer() {
        blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class).getBlobStore();
        blobs.createContainerInLocation(null, BUCKET);
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        if (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            throw new IllegalStateException("S3Proxy is " + proxy.getState());
        }
    }

    static S3ProxyServer get() {
        return INSTANCE;
    }

    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    boolean exists(String key) {
        return blobs.blobExists(BUCKET, key);
    }

    /** The object's bytes, or null when there is no such object. */
    byte[] bytes(String key) {
        Blob blob = blobs.getBlob(BUCKET, key);
        if (blob == null) {
            return null;
        }
        try (InputStream in = blob.getPayload().openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object's user metadata ({@code x-amz-meta-*}). */
    Map<String, String> metadata(String key) {
        return blobs.blobMetadata(BUCKET, key).getUserMetadata();
    }

    void remove(String key) {
        blobs.removeBlob(BUCKET, key);
    }
}
