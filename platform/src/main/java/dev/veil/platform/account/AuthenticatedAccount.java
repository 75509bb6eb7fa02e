package dev.veil.platform.account;

import org.springframework.web.server.ServerWebExchange;

import java.util.List;
import java.util.Objects;

/**
 * The account that authenticated a public request, as session-service answered it: the caller's auth id, its main
 * account (itself for a main account) and, for a main account, its live subaccounts. The
 * {@link AccountAuthenticationFilter} leaves it in the exchange attribute {@link #ATTRIBUTE} for the handlers.
 *
 * @param authId        the authenticated auth id ({@code MA…} or {@code SA…})
 * @param mainAccountId the main account owning {@code authId}
 * @param subaccountIds the enabled subaccounts of a main account; empty for a subaccount
 */
public record AuthenticatedAccount(String authId, String mainAccountId, List<String> subaccountIds) {

    /** The exchange attribute holding the authenticated account of a request under an authenticated path. */
    public static final String ATTRIBUTE = "veil.account";

    public AuthenticatedAccount {
        subaccountIds = List.copyOf(subaccountIds);
    }

    public boolean isSubaccount() {
        return !authId.equals(mainAccountId);
    }

    /** Whether this account may act for {@code pathAuthId}: itself, or one of the subaccounts of a main account. */
    public boolean mayActFor(String pathAuthId) {
        return authId.equals(pathAuthId) || (!isSubaccount() && subaccountIds.contains(pathAuthId));
    }

    /** The authenticated account of an exchange that passed the filter. */
    public static AuthenticatedAccount of(ServerWebExchange exchange) {
        return Objects.requireNonNull(exchange.getAttribute(ATTRIBUTE),
                "no authenticated account: the path is not under veil.accounts.authenticate-paths");
    }
}
