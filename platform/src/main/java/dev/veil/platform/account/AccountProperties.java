package dev.veil.platform.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code veil.accounts.*}: where session-service answers credential checks, and which paths of this service are
 * authenticated with account credentials. Nothing is authenticated unless {@code authenticate-paths} is set.
 *
 * @param sessionServiceUrl  session-service base URL ({@code GET /internal/v1/accounts/authenticate})
 * @param timeout            connect and response timeout towards session-service
 * @param cacheTtl           how long a successful answer is reused for the same {@code Authorization} header
 * @param authenticatePaths  path patterns (Spring {@code PathPattern}) to authenticate, each with an
 *                           {@code {auth_id}} variable, e.g. {@code /v1/Account/{auth_id}/Masking/Number/**}
 */
@ConfigurationProperties("veil.accounts")
public record AccountProperties(
        @DefaultValue("http://127.0.0.1:8081") URI sessionServiceUrl,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("10s") Duration cacheTtl,
        @DefaultValue List<String> authenticatePaths) {
}
