package dev.veil.session.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.session.SessionProperties;
import dev.veil.session.account.AccountCredentials.AccountInfo;
import dev.veil.session.account.AccountCredentials.NewCredentials;
import dev.veil.session.api.ApiError;
import dev.veil.session.audit.AuditLog;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * The operators' admin API for accounts (authenticated by {@link AdminAuthenticationFilter}): create main accounts
 * and subaccounts (the id and a fresh token are answered once; only a hash of the token is kept), rotate a token,
 * disable an account, look one up. Every path works with and without a trailing slash; an unknown account is 404.
 * Every change is written to the audit log (actor: the admin user) in its transaction; tokens never are.
 */
@RestController
class AdminController {

    static final String ACCOUNT_NOT_FOUND = "Account not found";

    private final AccountCredentials accounts;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final String adminUser;

    AdminController(AccountCredentials accounts, AuditLog audit, TransactionalOperator tx,
            SessionProperties properties) {
        this.accounts = accounts;
        this.audit = audit;
        this.tx = tx;
        this.adminUser = properties.admin().username();
    }

    @PostMapping({"/admin/v1/accounts", "/admin/v1/accounts/"})
    Mono<ResponseEntity<Credentials>> createAccount() {
        return tx.transactional(accounts.create(null)
                        .flatMap(created -> audited(AuditLog.ACCOUNT_CREATE, created.authId(), Map.of(), created)))
                .map(created -> ResponseEntity.status(HttpStatus.CREATED).body(Credentials.of(created)));
    }

    @PostMapping({"/admin/v1/accounts/{authId}/subaccounts", "/admin/v1/accounts/{authId}/subaccounts/"})
    Mono<ResponseEntity<?>> createSubaccount(@PathVariable String authId) {
        return tx.transactional(accounts.find(authId)
                        .filter(main -> main.mainAccountId() == null)
                        .flatMap(main -> accounts.create(main.authId()))
                        .flatMap(created -> audited(AuditLog.SUBACCOUNT_CREATE, created.authId(),
                                Map.of("main_account", authId), created)))
                .<ResponseEntity<?>>map(created -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(Credentials.of(created)))
                .defaultIfEmpty(notFound());
    }

    @GetMapping({"/admin/v1/accounts/{authId}", "/admin/v1/accounts/{authId}/"})
    Mono<ResponseEntity<?>> get(@PathVariable String authId) {
        return accounts.find(authId).<ResponseEntity<?>>map(a -> ResponseEntity.ok(Account.of(a)))
                .defaultIfEmpty(notFound());
    }

    @PostMapping({"/admin/v1/accounts/{authId}/token", "/admin/v1/accounts/{authId}/token/"})
    Mono<ResponseEntity<?>> rotate(@PathVariable String authId) {
        return tx.transactional(accounts.rotate(authId)
                        .flatMap(c -> audited(AuditLog.TOKEN_ROTATE, authId, Map.of(), c)))
                .<ResponseEntity<?>>map(c -> ResponseEntity.ok(Credentials.of(c)))
                .defaultIfEmpty(notFound());
    }

    @PostMapping({"/admin/v1/accounts/{authId}/disable", "/admin/v1/accounts/{authId}/disable/"})
    Mono<ResponseEntity<?>> disable(@PathVariable String authId) {
        return tx.transactional(accounts.disable(authId)
                        .flatMap(a -> audited(AuditLog.ACCOUNT_DISABLE, authId, Map.of(), a)))
                .<ResponseEntity<?>>map(a -> ResponseEntity.ok(Account.of(a)))
                .defaultIfEmpty(notFound());
    }

    /** Writes the action to the audit log, then emits its result. */
    private <T> Mono<T> audited(String action, String target, Map<String, ?> details, T result) {
        return audit.record(adminUser, action, target, details).thenReturn(result);
    }

    private static ResponseEntity<?> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ApiError.of(ACCOUNT_NOT_FOUND));
    }

    /** New credentials, shown this once. {@code main_account} only for a subaccount. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Credentials(@JsonProperty("auth_id") String authId, @JsonProperty("auth_token") String authToken,
            @JsonProperty("main_account") @Nullable String mainAccount) {

        static Credentials of(NewCredentials c) {
            return new Credentials(c.authId(), c.authToken(), c.mainAccountId());
        }
    }

    /** An account without its secret. */
    record Account(@JsonProperty("auth_id") String authId, @JsonProperty("main_account") @Nullable String mainAccount,
            @JsonProperty("enabled") boolean enabled) {

        static Account of(AccountInfo a) {
            return new Account(a.authId(), a.mainAccountId(), a.enabled());
        }
    }
}
