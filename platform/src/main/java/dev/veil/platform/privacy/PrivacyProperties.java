package dev.veil.platform.privacy;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * Keys protecting real phone numbers ({@code veil.privacy.*}).
 *
 * @param data          this service's key ring for its own database (every service with personal data)
 * @param events        the key ring sealing numbers and PINs inside session events; held only by the services that
 *                      must read them (session-service, which seals, and call-router, which dials); null elsewhere
 * @param blindIndexKey the deployment's blind-index key (32 bytes, Base64); held by the services that compute
 *                      indexes (session-service, call-router); null elsewhere
 */
@ConfigurationProperties("veil.privacy")
public record PrivacyProperties(@Nullable KeyRing data, @Nullable KeyRing events, @Nullable String blindIndexKey) {

    /**
     * @param activeKeyId the key new values are sealed with
     * @param keys        key id to 32-byte key, Base64; retired keys stay listed until nothing sealed with them remains
     */
    public record KeyRing(String activeKeyId, Map<String, String> keys) {
    }
}
