package dev.veil.billing.ratecard;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rate-card admin API, {@code /admin/v1/rate-cards/{account_id}} (HTTP Basic with the admin credentials, see
 * {@link AdminAuthenticationFilter}): {@code GET} the card an account is rated with now and its {@code source}
 * ({@code account}, {@code main_account} or {@code default}); {@code PUT} the account's own card (200 with it, 400
 * {@code {"error": ...}} when invalid); {@code DELETE} it (204), so the account falls back to the default. A change
 * applies to calls and sessions charged afterwards; no event is published.
 */
@RestController
@RequestMapping(path = "/admin/v1/rate-cards/{accountId}", produces = MediaType.APPLICATION_JSON_VALUE)
class RateCardController {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9]{1,64}");

    private final RateCards cards;
    private final JsonMapper json;
    private final Clock clock;

    RateCardController(RateCards cards, JsonMapper json, Clock clock) {
        this.cards = cards;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping
    Mono<RateCardJson> get(@PathVariable String accountId) {
        return cards.effective(checked(accountId)).map(e -> RateCardJson.of(e.card(), accountId, name(e.source())));
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<RateCardJson> put(@PathVariable String accountId, @RequestBody String body) {
        var card = json.readValue(body, RateCardJson.class).toCard();
        return cards.put(checked(accountId), card, clock.instant())
                .thenReturn(RateCardJson.of(card, accountId, name(RateCards.Source.ACCOUNT)));
    }

    @DeleteMapping
    Mono<ResponseEntity<Void>> delete(@PathVariable String accountId) {
        return cards.delete(checked(accountId)).thenReturn(ResponseEntity.noContent().build());
    }

    private static String checked(String accountId) {
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account_id must be 1 to 64 letters or digits");
        }
        return accountId;
    }

    private static String name(RateCards.Source source) {
        return source.name().toLowerCase(Locale.ROOT);
    }

    /** The body of an error answer, the error shape of every Veil API. */
    record ErrorBody(String error) {
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> invalid(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ErrorBody("Invalid rate card: " + e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> malformed(JacksonException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(new ErrorBody("Invalid rate card: the body is not a rate card in JSON"));
    }
}
