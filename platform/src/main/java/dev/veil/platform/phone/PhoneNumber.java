package dev.veil.platform.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * A valid phone number in E.164. Plivo's API takes numbers with or without the leading {@code +}
 * ({@code 12025550000} and {@code +12025550000} are the same number) and echoes them without it.
 *
 * @param e164    the number with its leading {@code +}
 * @param country ISO 3166 alpha-2 region of the number, for example {@code US}
 */
public record PhoneNumber(String e164, String country) {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /**
     * Parses a number given in international form, with or without {@code +}.
     *
     * @throws InvalidPhoneNumberException when it is not a valid number
     */
    public static PhoneNumber parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidPhoneNumberException();
        }
        String trimmed = raw.trim();
        String international = trimmed.startsWith("+") ? trimmed : "+" + trimmed;
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(international, "ZZ");
            if (!UTIL.isValidNumber(parsed)) {
                throw new InvalidPhoneNumberException();
            }
            return new PhoneNumber(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164),
                    UTIL.getRegionCodeForNumber(parsed));
        } catch (NumberParseException e) {
            throw new InvalidPhoneNumberException();
        }
    }

    /** The number without the leading {@code +}, as Plivo's responses show it. */
    public String digits() {
        return e164.substring(1);
    }

    /** A form safe for logs: the country and the last two digits only. */
    public String redacted() {
        return country + "…" + e164.substring(e164.length() - 2);
    }

    @Override
    public String toString() {
        return redacted();
    }
}
