package dev.veil.router.requestacall;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.router.index.IndexedSession;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The carrier's outbound call API, Plivo's {@code POST /v1/Account/{auth_id}/Call/} (JSON, HTTP Basic with Veil's
 * carrier account): places the first party's call of a request-a-call session, from the virtual number, with Veil's
 * {@code outbound-answer} and {@code hangup} webhooks.
 */
final class CarrierCalls {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebClient client;
    private final String authId;
    private final String webhookBase;

    CarrierCalls(WebClient client, String authId, String webhookBase) {
        this.client = client;
        this.authId = authId;
        this.webhookBase = webhookBase;
    }

    /** Places the call; fails when the carrier refuses it, so the session event is retried. */
    Mono<Void> callFirstParty(IndexedSession session) {
        String base = webhookBase + "/carrier/plivo/";
        CallRequest request = new CallRequest(session.virtualNumber().digits(), session.firstParty().digits(),
                base + "outbound-answer?session=" + URLEncoder.encode(session.sessionUuid(), StandardCharsets.UTF_8),
                "POST", base + "hangup", "POST");
        return client.post().uri("/v1/Account/{authId}/Call/", authId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .retrieve().toBodilessEntity().timeout(TIMEOUT).then();
    }

    /** Plivo's make-a-call request. */
    record CallRequest(String from, String to, @JsonProperty("answer_url") String answerUrl,
            @JsonProperty("answer_method") String answerMethod, @JsonProperty("hangup_url") String hangupUrl,
            @JsonProperty("hangup_method") String hangupMethod) {
    }
}
