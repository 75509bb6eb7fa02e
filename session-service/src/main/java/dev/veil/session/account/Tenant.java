package dev.veil.session.account;

/**
 * The authenticated caller of the public API: a main account ({@code MA…}) or a subaccount ({@code SA…}) of one.
 * A main account sees its own sessions and those of its subaccounts; a subaccount only its own.
 *
 * @param authId        the authenticated auth id
 * @param mainAccountId the main account: {@code authId} itself for a main account
 */
public record Tenant(String authId, String mainAccountId) {

    /** The exchange attribute under which the authentication filter leaves the tenant for the controllers. */
    public static final String ATTRIBUTE = "veil.session.tenant";

    public boolean isSubaccount() {
        return !authId.equals(mainAccountId);
    }
}
