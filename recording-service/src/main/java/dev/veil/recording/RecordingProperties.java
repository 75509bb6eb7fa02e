package dev.veil.recording;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of recording-service ({@code veil.recording.*}).
 *
 * @param storedGaugeInterval how often the {@code veil.recordings.stored} and {@code veil.recordings.bytes} gauges
 *                            re-count the stored recordings in the database; default 30 s. The gauges lag the table
 *                            by at most this long; a shorter interval costs one aggregate query each time
 * @param carrierAuthTokens   auth tokens of Veil's account at the carrier; a recording callback is authentic when its
 *                            {@code X-Plivo-Signature-V3} was made with any one of them (several allow a rotation).
 *                            Default {@code veil-carrier-token} (the carrier simulator's); env
 *                            {@code VEIL_CARRIER_AUTH_TOKENS}, comma separated
 * @param webhookBaseUrl      the public base URL the carrier posts its callbacks to ({@code scheme://host[:port]}).
 *                            Signatures are checked over this base + the request's path and query, never over the
 *                            Host header, which differs behind the gateway. Default {@code http://127.0.0.1:8080}
 *                            (the gateway); env {@code VEIL_PUBLIC_URL}
 * @param publicBaseUrl       the public base URL of Veil's API, on which the {@code resourceUrl} and
 *                            {@code mediaUrl} of {@code RecordingCompleted} and the API's {@code recording_url} are
 *                            built. Default {@code http://127.0.0.1:8080}; env {@code VEIL_PUBLIC_URL}
 * @param store               where the media is kept
 * @param download            how the media is copied from the carrier
 * @param retention           how long recordings are kept
 * @param unreported          when a recorded call without a recording is declared failed
 */
@ConfigurationProperties("veil.recording")
public record RecordingProperties(
        @DefaultValue("30s") Duration storedGaugeInterval,
        @DefaultValue("veil-carrier-token") List<String> carrierAuthTokens,
        @DefaultValue("http://127.0.0.1:8080") URI webhookBaseUrl,
        @DefaultValue("http://127.0.0.1:8080") URI publicBaseUrl,
        @DefaultValue Store store,
        @DefaultValue Download download,
        @DefaultValue Retention retention,
        @DefaultValue Unreported unreported) {

    public RecordingProperties {
        positive("stored-gauge-interval", storedGaugeInterval);
        carrierAuthTokens = carrierAuthTokens.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (carrierAuthTokens.isEmpty()) {
            throw new IllegalArgumentException("veil.recording.carrier-auth-tokens needs at least one token");
        }
        absolute("webhook-base-url", webhookBaseUrl);
        absolute("public-base-url", publicBaseUrl);
    }

    /** The webhook base URL without a trailing slash, ready to have a path appended. */
    public String webhookBase() {
        return withoutTrailingSlash(webhookBaseUrl);
    }

    /** The public API base URL without a trailing slash, ready to have a path appended. */
    public String publicBase() {
        return withoutTrailingSlash(publicBaseUrl);
    }

    /**
     * The media store. Keys are {@code {auth_id}/{recording_id}.{mp3|wav}}; downloads in progress are written to
     * {@code {directory}/.incoming/} and stored only once verified, so a reader never sees a partial copy.
     *
     * @param type      {@code filesystem} (default): files below {@code directory}; {@code s3}: objects in an
     *                  S3-compatible store ({@code s3.*}). Env {@code VEIL_RECORDING_STORE_TYPE}
     * @param directory the file store's root, or with {@code s3} only where downloads are checked before they
     *                  are uploaded; created when missing. Default {@code .veil/recordings} (relative to the
     *                  working directory, beside standalone's data); env {@code VEIL_RECORDING_STORE_DIRECTORY}
     * @param s3        the object store, read when {@code type} is {@code s3}
     */
    public record Store(
            @DefaultValue("filesystem") StoreType type,
            @DefaultValue(".veil/recordings") Path directory,
            @DefaultValue S3 s3) {

        public Store {
            if (type == StoreType.S3 && (s3.bucket() == null || s3.bucket().isBlank())) {
                throw new IllegalArgumentException("veil.recording.store.s3.bucket is required when "
                        + "veil.recording.store.type is s3");
            }
            if (type == StoreType.S3 && (s3.accessKey() == null) != (s3.secretKey() == null)) {
                throw new IllegalArgumentException("veil.recording.store.s3.access-key and secret-key go together");
            }
        }
    }

    /** Where the media is kept. */
    public enum StoreType {
        FILESYSTEM, S3
    }

    /**
     * An S3-compatible object store (AWS S3, MinIO, Ceph RGW, ...).
     *
     * @param endpoint        the store's URL, e.g. {@code http://minio:9000}; none for AWS S3 itself (the
     *                        region's endpoint). Env {@code VEIL_RECORDING_S3_ENDPOINT}
     * @param region          the signing region; default {@code us-east-1} (what most S3-compatible stores expect).
     *                        Env {@code VEIL_RECORDING_S3_REGION}
     * @param bucket          the bucket, which must exist (Veil does not create it). Env
     *                        {@code VEIL_RECORDING_S3_BUCKET}
     * @param accessKey       access key id; with {@code secretKey}, else the SDK's default credentials chain
     *                        (environment, profile, instance or pod role). Env {@code VEIL_RECORDING_S3_ACCESS_KEY}
     * @param secretKey       secret access key. Env {@code VEIL_RECORDING_S3_SECRET_KEY}
     * @param pathStyleAccess {@code http://endpoint/bucket/key} rather than {@code http://bucket.endpoint/key};
     *                        most self-hosted stores need it. Default false; env {@code VEIL_RECORDING_S3_PATH_STYLE}
     */
    public record S3(
            @Nullable URI endpoint,
            @DefaultValue("us-east-1") String region,
            @Nullable String bucket,
            @Nullable String accessKey,
            @Nullable String secretKey,
            @DefaultValue("false") boolean pathStyleAccess) {

        public S3 {
            accessKey = blankToNull(accessKey);
            secretKey = blankToNull(secretKey);
            if (endpoint != null && endpoint.toString().isBlank()) {
                endpoint = null;
            }
        }

        private static @Nullable String blankToNull(@Nullable String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    /**
     * Copying media from the carrier, by a job whose state is in Postgres ({@code recording_downloads}), so a
     * restart resumes pending downloads.
     *
     * @param maxAttempts    tries before the recording is marked failed ({@code RecordingFailed}); default 6
     * @param initialBackoff wait after the first failed try; each later wait doubles, up to {@code maxBackoff}.
     *                       Default 10 s (with 6 tries the last is about 5 min after the first)
     * @param maxBackoff     longest wait between two tries; default 10 min
     * @param timeout        longest a single download may take (connect, headers and body); default 2 min
     * @param pollInterval   how often the job looks for due downloads when it found none; default 1 s. A callback
     *                       is therefore copied at most this long after it was acknowledged
     * @param concurrency    downloads run at once by one replica; default 4
     */
    public record Download(
            @DefaultValue("6") int maxAttempts,
            @DefaultValue("10s") Duration initialBackoff,
            @DefaultValue("10m") Duration maxBackoff,
            @DefaultValue("2m") Duration timeout,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("4") int concurrency) {

        public Download {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("veil.recording.download.max-attempts must be at least 1");
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("veil.recording.download.concurrency must be at least 1");
            }
            positive("download.initial-backoff", initialBackoff);
            positive("download.max-backoff", maxBackoff);
            positive("download.timeout", timeout);
            positive("download.poll-interval", pollInterval);
        }

        /** The wait after the {@code attempts}-th failed try: initial × 2^(attempts−1), capped. */
        public Duration backoffAfter(int attempts) {
            Duration wait = initialBackoff;
            for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }
    }

    /**
     * Retention: a stored recording is deleted (media and all, {@code RecordingDeleted} reason {@code retention})
     * once it ended more than its account's retention ago.
     *
     * @param defaultDays   days a recording is kept when its account has no entry in {@code accounts}; default 90
     * @param accounts      per-account retention in days, by auth id ({@code veil.recording.retention.accounts.
     *                      MA...=30}); a subaccount's recordings follow the subaccount's own entry
     * @param purgeInterval how often the purge job looks for expired recordings; default 1 h. A recording is
     *                      therefore deleted at most this long after its retention ended
     * @param batchSize     recordings deleted per transaction; the job runs again at once while it finds more
     */
    public record Retention(
            @DefaultValue("90") int defaultDays,
            @DefaultValue Map<String, Integer> accounts,
            @DefaultValue("1h") Duration purgeInterval,
            @DefaultValue("100") int batchSize) {

        public Retention {
            if (defaultDays < 1) {
                throw new IllegalArgumentException("veil.recording.retention.default-days must be at least 1");
            }
            accounts = Map.copyOf(accounts);
            accounts.forEach((account, days) -> {
                if (days == null || days < 1) {
                    throw new IllegalArgumentException("veil.recording.retention.accounts." + account
                            + " must be at least 1 day");
                }
            });
            positive("retention.purge-interval", purgeInterval);
            if (batchSize < 1) {
                throw new IllegalArgumentException("veil.recording.retention.batch-size must be at least 1");
            }
        }

        /** Days {@code accountId}'s recordings are kept. */
        public int daysFor(String accountId) {
            return accounts.getOrDefault(accountId, defaultDays);
        }
    }

    /**
     * Recorded calls the carrier never reports a recording for: every answered call of a session with
     * {@code record=true} is expected to have a recording callback; one without any once the grace period after
     * Veil learnt the call ended ({@code CallEnded}) ran out gets {@code RecordingFailed} (no recording id, reason
     * {@code recording-not-reported}).
     *
     * @param gracePeriod  how long after the call's end the carrier may still report its recording; default 10 min
     * @param pollInterval how often the job looks for calls whose grace period ran out; default 30 s
     * @param batchSize    calls answered per transaction; the job runs again at once while it finds more
     */
    public record Unreported(
            @DefaultValue("10m") Duration gracePeriod,
            @DefaultValue("30s") Duration pollInterval,
            @DefaultValue("100") int batchSize) {

        public Unreported {
            positive("unreported.grace-period", gracePeriod);
            positive("unreported.poll-interval", pollInterval);
            if (batchSize < 1) {
                throw new IllegalArgumentException("veil.recording.unreported.batch-size must be at least 1");
            }
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("veil.recording." + name + " must be positive");
        }
    }

    private static void absolute(String name, URI url) {
        if (url.getScheme() == null || url.getHost() == null) {
            throw new IllegalArgumentException("veil.recording." + name + " must be an absolute URL");
        }
    }

    private static String withoutTrailingSlash(URI url) {
        String base = url.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
