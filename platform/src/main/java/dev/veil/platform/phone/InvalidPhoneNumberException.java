package dev.veil.platform.phone;

/** A string that is not a valid phone number. The message never repeats the number. */
public final class InvalidPhoneNumberException extends IllegalArgumentException {
    public InvalidPhoneNumberException() {
        super("not a valid phone number in E.164 format");
    }
}
