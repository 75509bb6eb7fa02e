package dev.veil.platform.account;

/** session-service could not tell whether the credentials are valid (down, slow or an unexpected answer). */
public final class AccountsUnavailableException extends RuntimeException {

    AccountsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    AccountsUnavailableException(String message) {
        super(message);
    }
}
