package dev.veil.standalone.gateway;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Forwards a request unchanged (method, path, query, headers, body) and streams the answer back. Request bodies (API
 * JSON, carrier webhook forms) are small and read whole; answers are streamed, since a recording's media can be large.
 */
final class Forwarder {

    private static final List<String> HOP_BY_HOP = List.of(HttpHeaders.CONNECTION, HttpHeaders.TRANSFER_ENCODING,
            "Keep-Alive", HttpHeaders.UPGRADE, HttpHeaders.HOST);

    private final WebClient client;

    Forwarder(WebClient client) {
        this.client = client;
    }

    Mono<ServerResponse> forward(ServerRequest request, URI upstream) {
        URI target = UriComponentsBuilder.fromUri(upstream)
                .path(request.uri().getRawPath())
                .query(request.uri().getRawQuery())
                .build(true).toUri();
        return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap(body -> client
                .method(request.method()).uri(target)
                .headers(h -> {
                    h.addAll(request.headers().asHttpHeaders());
                    HOP_BY_HOP.forEach(h::remove);
                    h.remove(HttpHeaders.CONTENT_LENGTH);
                    h.set("X-Forwarded-Host", request.uri().getAuthority());
                    h.set("X-Forwarded-Proto", request.uri().getScheme());
                })
                .bodyValue(body)
                .retrieve()
                .onStatus(status -> true, response -> Mono.empty())
                .toEntityFlux(DataBuffer.class)
                .flatMap(answer -> ServerResponse.status(answer.getStatusCode())
                        .headers(h -> {
                            h.addAll(answer.getHeaders());
                            HOP_BY_HOP.forEach(h::remove);
                        })
                        .body(answer.getBody(), DataBuffer.class)))
                .onErrorResume(e -> ServerResponse.status(HttpStatus.BAD_GATEWAY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("api_id", UUID.randomUUID().toString(),
                                "error", "Service temporarily unavailable, retry later")));
    }
}
