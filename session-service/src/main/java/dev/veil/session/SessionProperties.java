package dev.veil.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

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
 */
@ConfigurationProperties("veil.session")
public record SessionProperties(
        @DefaultValue List<SeededAccount> accounts,
        @DefaultValue("http://127.0.0.1:8082") URI allocationServiceUrl,
        @DefaultValue("5s") Duration allocationTimeout,
        @DefaultValue("500ms") Duration expiryInterval,
        @DefaultValue Admin admin) {

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
}
