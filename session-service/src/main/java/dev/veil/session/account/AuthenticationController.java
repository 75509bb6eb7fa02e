package dev.veil.session.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.session.account.AccountAuthenticationFilter.BasicCredentials;
import dev.veil.session.api.ApiError;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * {@code GET /internal/v1/accounts/authenticate}: checks the caller's {@code Authorization: Basic} header exactly as
 * the public session API does, so that other services (allocation-service, billing-service) can authenticate their
 * public APIs with the same account credentials without holding the accounts themselves. Answers the account, its
 * main account and, for a main account, its enabled subaccounts; 401 for missing, wrong or disabled credentials.
 * Causes no events.
 */
@RestController
class AuthenticationController {

    private final AccountCredentials credentials;
    private final Subaccounts subaccounts;

    AuthenticationController(AccountCredentials credentials, Subaccounts subaccounts) {
        this.credentials = credentials;
        this.subaccounts = subaccounts;
    }

    @GetMapping({"/internal/v1/accounts/authenticate", "/internal/v1/accounts/authenticate/"})
    Mono<ResponseEntity<?>> authenticate(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            @Nullable String authorization) {
        BasicCredentials given = BasicCredentials.parse(authorization);
        if (given == null) {
            return Mono.just(unauthorized());
        }
        return credentials.authenticate(given.authId(), given.authToken())
                .flatMap(tenant -> (tenant.isSubaccount()
                        ? Mono.just(List.<String>of())
                        : subaccounts.liveOf(tenant.authId()).collectList())
                        .<ResponseEntity<?>>map(subs -> ResponseEntity.ok(
                                new AuthenticatedAccount(tenant.authId(), tenant.mainAccountId(), subs))))
                .defaultIfEmpty(unauthorized());
    }

    private static ResponseEntity<?> unauthorized() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Veil\"")
                .body(ApiError.of(AccountAuthenticationFilter.UNAUTHORIZED));
    }

    /** The authenticated account as other services see it; {@code subaccountIds} is empty for a subaccount. */
    record AuthenticatedAccount(@JsonProperty("auth_id") String authId,
            @JsonProperty("main_account_id") String mainAccountId,
            @JsonProperty("subaccount_ids") List<String> subaccountIds) {
    }
}
