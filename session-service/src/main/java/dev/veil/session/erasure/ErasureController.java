package dev.veil.session.erasure;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.session.account.Tenant;
import dev.veil.session.api.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * {@code POST /v1/Account/{auth_id}/Masking/Erasure/} (account credentials; with or without the trailing slash):
 * erases a phone number's data for the account, see {@link NumberErasure}. The body is JSON
 * {@code {"number": "+1415..."}} or the same as a form; the number in any format {@code PhoneNumber} reads. 200
 * {@code {"api_id", "message": "Number erased", "erasure_id", "sessions_erased"}} (0 when nothing held the number, so
 * repeating an erasure is harmless); 400 for a missing or invalid number, which changes nothing.
 */
@RestController
class ErasureController {

    static final String MISSING = "Mandatory parameter missing. number must be present.";
    static final String INVALID = "Invalid parameter. number is not a valid phone number.";

    private final NumberErasure erasure;
    private final JsonMapper json;

    ErasureController(NumberErasure erasure, JsonMapper json) {
        this.erasure = erasure;
        this.json = json;
    }

    @PostMapping({"/v1/Account/{authId}/Masking/Erasure", "/v1/Account/{authId}/Masking/Erasure/"})
    @Operation(summary = "Erase a phone number's data for the account",
            description = "Expires every session of the account (a main account's call covers its subaccounts') in "
                    + "which the number is a party, with SessionExpired reason 'erased', and deletes the sessions' "
                    + "stored numbers, PINs, callbacks and idempotency records. Repeating it erases nothing more.",
            parameters = @Parameter(in = ParameterIn.PATH, name = "authId", required = true,
                    description = "the account's auth id"),
            requestBody = @RequestBody(required = true, content = {
                @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                        schema = @Schema(implementation = ErasureRequest.class)),
                @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                        schema = @Schema(implementation = ErasureRequest.class))}),
            responses = {
                @ApiResponse(responseCode = "200", description = "erased (sessions_erased may be 0)",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                schema = @Schema(implementation = Erased.class))),
                @ApiResponse(responseCode = "400", description = "number missing or not a valid phone number",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                schema = @Schema(implementation = ApiError.class)))})
    Mono<ResponseEntity<?>> erase(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, ServerWebExchange exchange) {
        return number(exchange).defaultIfEmpty("").flatMap(raw -> {
            if (raw.isBlank()) {
                return Mono.just(ResponseEntity.badRequest().body(ApiError.of(MISSING)));
            }
            PhoneNumber number;
            try {
                number = PhoneNumber.parse(raw.trim());
            } catch (InvalidPhoneNumberException e) {
                return Mono.just(ResponseEntity.badRequest().body(ApiError.of(INVALID)));
            }
            return erasure.erase(tenant, number).map(done -> ResponseEntity.ok(new Erased(
                    UUID.randomUUID().toString(), "Number erased", done.erasureId().toString(), done.sessions())));
        });
    }

    /** The {@code number} of a form or JSON body; empty when absent or unreadable. */
    private Mono<String> number(ServerWebExchange exchange) {
        if (isForm(exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))) {
            return exchange.getFormData().mapNotNull(form -> form.getFirst("number"));
        }
        return DataBufferUtils.join(exchange.getRequest().getBody())
                .mapNotNull(buffer -> {
                    String body = buffer.toString(StandardCharsets.UTF_8);
                    DataBufferUtils.release(buffer);
                    return fromJson(body);
                });
    }

    private @Nullable String fromJson(String body) {
        if (body.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
        JsonNode value = node.path("number");
        return value.isIntegralNumber() ? value.bigIntegerValue().toString()
                : value.isString() ? value.stringValue() : null;
    }

    private static boolean isForm(@Nullable String contentType) {
        try {
            return contentType != null
                    && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The request, as JSON or form: the number to erase, E.164 (with or without {@code +}). */
    record ErasureRequest(@JsonProperty("number") String number) {
    }

    record Erased(@JsonProperty("api_id") String apiId, @JsonProperty("message") String message,
            @JsonProperty("erasure_id") String erasureId, @JsonProperty("sessions_erased") int sessionsErased) {
    }
}
