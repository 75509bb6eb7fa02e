package dev.veil.session.sdk;

import com.plivo.api.PlivoClient;

/**
 * The official SDK's client aimed at the session-service under test. The SDK sends voice and masking requests to
 * the protected statics {@code VOICE_BASE_URL} and its fallbacks (PLIVO_API.md §8.1); they are JVM-global, so every
 * client made here targets the last base URL set, which is the one shared test server.
 */
final class LocalPlivoClient extends PlivoClient {

    private LocalPlivoClient(String authId, String authToken) {
        super(authId, authToken);
    }

    static PlivoClient at(int port, String authId, String authToken) {
        String base = "http://127.0.0.1:" + port + "/v1/";
        BASE_URL = base;
        VOICE_BASE_URL = base;
        VOICE_FALLBACK1_URL = base;
        VOICE_FALLBACK2_URL = base;
        return new LocalPlivoClient(authId, authToken);
    }
}
