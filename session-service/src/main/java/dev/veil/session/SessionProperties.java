package dev.veil.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * session-service settings ({@code veil.session.*}).
 *
 * @param accounts             accounts whose API credentials are seeded (created, or their token replaced) at
 *                             start-up; {@code session-service.yml} sets the demo account
 *                             {@code MAVEILDEMO0000000001} with token {@code veil-demo-token}
 *                             ({@code VEIL_DEMO_AUTH_TOKEN}); none when the list is empty. Tokens are stored only
 *                             as salted hashes
 * @param allocationServiceUrl base URL of allocation-service, which reserves a virtual number for each new
 *                             session; default {@code http://127.0.0.1:8082}
 * @param allocationTimeout    longest wait for allocation-service to answer (connect plus response); default 5 s.
 *                             A create that runs out of it is answered 503, which the SDKs retry
 * @param admin                the operator credentials of the admin API ({@code /admin/v1/...}); default
 *                             {@code veil-admin} / {@code veil-admin-token}, to be replaced in any real deployment
 * @param expiryInterval       how often the expiry scheduler looks for sessions whose expiry time has passed;
 *                             default 500 ms, which bounds how long a session outlives its {@code expiry_time}
 * @param callbacks            delivery of customer callbacks ({@code veil.session.callbacks.*})
 * @param tokenEncryption      the keys that encrypt stored auth tokens ({@code veil.session.token-encryption.*})
 * @param limits               the default rate limits of accounts ({@code veil.session.limits.*})
 * @param routes               the internal route lookups for call-router ({@code veil.session.routes.*})
 */
@ConfigurationProperties("veil.session")
public record SessionProperties(
        @DefaultValue List<SeededAccount> accounts,
        @DefaultValue("http://127.0.0.1:8082") URI allocationServiceUrl,
        @DefaultValue("5s") Duration allocationTimeout,
        @DefaultValue("500ms") Duration expiryInterval,
        @DefaultValue Admin admin,
        @DefaultValue Callbacks callbacks,
        @DefaultValue TokenEncryption tokenEncryption,
        @DefaultValue Limits limits,
        @DefaultValue Routes routes) {

    public SessionProperties {
        accounts = List.copyOf(accounts);
    }

    /**
     * HTTP Basic credentials of the admin API.
     *
     * @param username the user name
     * @param password the password
     */
    public record Admin(@DefaultValue("veil-admin") String username, @DefaultValue("veil-admin-token") String password) {

        /** Never shows the password, so the properties can be logged safely. */
        @Override
        public String toString() {
            return "Admin[username=" + username + ", password=***]";
        }
    }

    /**
     * An account and its API credentials as configured.
     *
     * @param authId    the account's auth id, used as the HTTP Basic user name and in API paths
     * @param authToken the account's auth token, the HTTP Basic password
     */
    public record SeededAccount(String authId, String authToken) {

        /** Never shows the token, so the properties can be logged safely. */
        @Override
        public String toString() {
            return "SeededAccount[authId=" + authId + ", authToken=***]";
        }
    }

    /**
     * Delivery of customer callbacks (PLIVO_API.md §6).
     *
     * @param timeout              longest wait for the customer's answer to one attempt (connect plus response);
     *                             default 10 s. A timeout is retried
     * @param initialBackoff       wait before the first retry; default 5 s. Each further retry waits twice as long
     *                             (up to {@code maxBackoff}), of which a random half is jitter
     * @param maxBackoff           longest wait between two attempts; default 1 h
     * @param maxAge               how long a callback is retried after it was created (or replayed); default 24 h.
     *                             The attempt at that moment is the last; a callback still failing then is dead
     * @param interval             how often the delivery loop looks for due callbacks when it found none; default
     *                             200 ms
     * @param batchSize            callbacks claimed (and sent concurrently) per round, at most one per session;
     *                             default 64
     * @param allowPrivateTargets  accept callback URLs whose host resolves to a loopback, link-local, private,
     *                             unspecified or multicast address; default false (server-side request forgery
     *                             guard). Tests and the standalone demo set it
     * @param dnsTimeout           longest wait for resolving a callback URL's host at create/update; default 2 s
     * @param lease                how long a claimed callback is reserved for the attempt under way; default 1 min,
     *                             must exceed {@code timeout}. An attempt whose process died is made again once its
     *                             lease ran out
     */
    public record Callbacks(
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("5s") Duration initialBackoff,
            @DefaultValue("1h") Duration maxBackoff,
            @DefaultValue("24h") Duration maxAge,
            @DefaultValue("200ms") Duration interval,
            @DefaultValue("64") int batchSize,
            @DefaultValue("false") boolean allowPrivateTargets,
            @DefaultValue("2s") Duration dnsTimeout,
            @DefaultValue("1m") Duration lease) {

        public Callbacks {
            if (lease.compareTo(timeout) <= 0) {
                throw new IllegalArgumentException("veil.session.callbacks.lease (" + lease
                        + ") must be longer than veil.session.callbacks.timeout (" + timeout + ")");
            }
        }
    }

    /**
     * The AES-256 keys that encrypt the stored copy of each auth token (needed to sign callbacks).
     *
     * @param keys        key id to Base64 of 32 random bytes; keep retired keys listed until every token encrypted
     *                    with them was re-encrypted (a token is re-encrypted with the active key when its account
     *                    authenticates or is seeded)
     * @param activeKeyId the key that encrypts new tokens
     */
    public record TokenEncryption(@DefaultValue Map<String, String> keys, @DefaultValue("") String activeKeyId) {

        public TokenEncryption {
            keys = Map.copyOf(keys);
        }

        /** Never shows the keys, so the properties can be logged safely. */
        @Override
        public String toString() {
            return "TokenEncryption[keys=" + keys.keySet() + ", activeKeyId=" + activeKeyId + "]";
        }
    }

    /**
     * The rate limits of an account that has none set through the admin API (a subaccount without its own takes its
     * main account's). Token buckets, per replica of the service.
     *
     * @param sessionsPerSecond session creations per second; 0 = unlimited; default 100
     * @param sessionsBurst     session creations at once; default 200
     * @param callsPerSecond    calls started per second (enforced by call-router); 0 = unlimited; default 50
     * @param callsBurst        calls started at once; default 100
     */
    public record Limits(
            @DefaultValue("100") double sessionsPerSecond,
            @DefaultValue("200") int sessionsBurst,
            @DefaultValue("50") double callsPerSecond,
            @DefaultValue("100") int callsBurst) {

        public Limits {
            if (sessionsPerSecond < 0 || callsPerSecond < 0 || sessionsBurst < 1 || callsBurst < 1) {
                throw new IllegalArgumentException("veil.session.limits: rates must be 0 or more, bursts 1 or more");
            }
        }
    }

    /**
     * The internal route lookups call-router makes when its index, fed by the session topic, is behind.
     *
     * @param recentWindow how far back {@code GET /internal/v1/routes/recent} looks: the live sessions on a virtual
     *                     number created within it, which call-router learns when a caller who is no party of its
     *                     index calls or types a PIN it does not know (the session may be newer than the index);
     *                     default 60 s. It only needs to exceed how far call-router's index may lag the topic
     */
    public record Routes(@DefaultValue("60s") Duration recentWindow) {

        public Routes {
            if (!recentWindow.isPositive()) {
                throw new IllegalArgumentException("veil.session.routes.recent-window must be positive");
            }
        }
    }
}
