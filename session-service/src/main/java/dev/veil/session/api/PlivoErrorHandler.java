package dev.veil.session.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plivo-shaped bodies ({@code {"api_id", "error"}}) for failures no controller handled: an unknown path (404), a
 * method the path does not have (405), an unreadable request (400), anything unexpected (500, details only in the
 * log). Runs before Spring Boot's own error handler, whose body the SDKs could not read.
 */
@Component
@Order(-2)
class PlivoErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PlivoErrorHandler.class);

    private final JsonMapper json;

    PlivoErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        HttpStatusCode status;
        String message;
        if (ex instanceof ResponseStatusException e) {
            status = e.getStatusCode();
            message = switch (status.value()) {
                case 404 -> "Resource not found: " + exchange.getRequest().getPath().value();
                case 405 -> exchange.getRequest().getMethod() + " is not allowed on this resource.";
                case 415 -> "Unsupported content type. Send JSON.";
                default -> status.value() < 500 ? "Invalid request." : "Internal server error.";
            };
            if (e instanceof MethodNotAllowedException notAllowed) {
                response.getHeaders().setAllow(notAllowed.getSupportedMethods());
            }
        } else {
            log.error("unhandled failure of {} {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), ex);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            message = "Internal server error.";
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(ApiError.of(message));
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
