package dev.veil.router.index;

import dev.veil.events.PartyNumber;
import dev.veil.events.PartyRole;
import dev.veil.events.PinAuthentication;
import dev.veil.events.RoutingOptions;
import dev.veil.events.SessionState;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.PrivacyKeys;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A live session as the routing index holds it: only what routing needs, with the numbers parsed once. Kept
 * compact, because a million live sessions must fit in a few hundred MB (≤ 300 bytes each, index included): the
 * session uuid as two {@code long}s, each party as its E.164 digits in a {@code long} plus a shared country code
 * (instead of two objects and a string per number), the expiry as epoch milliseconds; the virtual number, account id,
 * file format and countries are shared between sessions by the index. In a single-party session one party is
 * missing. Accessors build the numbers and the uuid string when asked (the answer path asks for a few per call).
 *
 * <p>Session events carry the parties' numbers and the PINs sealed with the event key: they are opened once, when
 * the session is indexed, so the answer path never decrypts anything.
 */
public final class IndexedSession {

    /** Digits of a missing party. */
    static final long NONE = 0;

    private final long uuidHigh;
    private final long uuidLow;
    /** The session uuid as given, when it is not a canonical UUID (then the two longs are unused). */
    private final @Nullable String uuidText;
    private final String accountId;
    private final PhoneNumber virtualNumber;
    private final long firstDigits;
    private final long secondDigits;
    private final @Nullable String firstCountry;
    private final @Nullable String secondCountry;
    private final int callTimeLimit;
    private final int ringTimeout;
    private final long expiresAtMillis;
    private final @Nullable String recordFileFormat;
    private final RoutingOptions options;
    /** The PINs opened, when the session has PIN authentication. */
    private final @Nullable Pins pins;

    /** A PIN session's PINs in clear; either may be missing. */
    private record Pins(@Nullable String first, @Nullable String second) {
    }

    private IndexedSession(String sessionUuid, String accountId, PhoneNumber virtualNumber,
            @Nullable PhoneNumber firstParty, @Nullable PhoneNumber secondParty, int callTimeLimit, int ringTimeout,
            long expiresAtMillis, @Nullable String recordFileFormat, RoutingOptions options, @Nullable Pins pins,
            UnaryOperator<String> strings) {
        UUID uuid = canonicalUuid(sessionUuid);
        this.uuidHigh = uuid == null ? 0 : uuid.getMostSignificantBits();
        this.uuidLow = uuid == null ? 0 : uuid.getLeastSignificantBits();
        this.uuidText = uuid == null ? sessionUuid : null;
        this.accountId = accountId;
        this.virtualNumber = virtualNumber;
        this.firstDigits = digitsOf(firstParty);
        this.secondDigits = digitsOf(secondParty);
        this.firstCountry = firstParty == null ? null : strings.apply(firstParty.country());
        this.secondCountry = secondParty == null ? null : strings.apply(secondParty.country());
        this.callTimeLimit = callTimeLimit;
        this.ringTimeout = ringTimeout;
        this.expiresAtMillis = expiresAtMillis;
        this.recordFileFormat = recordFileFormat;
        this.options = options;
        this.pins = pins;
    }

    /**
     * The session as indexed, its parties and PINs opened with {@code keys}; null when it cannot route any call: no
     * valid virtual number, no valid party, a missing party outside a single-party session, or both parties the same
     * number.
     *
     * @throws IllegalStateException when a sealed value does not open with the event key ring
     */
    public static @Nullable IndexedSession indexable(String sessionUuid, SessionState state, PrivacyKeys keys) {
        return indexable(sessionUuid, state, keys, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * As {@link #indexable(String, SessionState, PrivacyKeys)}, with the virtual number and strings shared through
     * {@code numbers} and {@code strings}.
     */
    static @Nullable IndexedSession indexable(String sessionUuid, SessionState state, PrivacyKeys keys,
            UnaryOperator<PhoneNumber> numbers, UnaryOperator<String> strings) {
        PhoneNumber vn = parseOrNull(state.virtualNumber());
        PhoneNumber first = openOrNull(keys, state.firstParty());
        PhoneNumber second = openOrNull(keys, state.secondParty());
        RoutingOptions options = state.options() == null || RoutingOptions.NONE.equals(state.options())
                ? RoutingOptions.NONE : state.options();
        if (vn == null || (first == null && second == null) || (first != null && first.equals(second))) {
            return null;
        }
        if (!options.singleParty() && (first == null || second == null)) {
            return null;
        }
        String format = !state.record() ? null
                : strings.apply(state.recordFileFormat() == null || state.recordFileFormat().isBlank() ? "mp3"
                        : state.recordFileFormat());
        PinAuthentication pin = options.pin();
        Pins pins = pin == null ? null : new Pins(openPin(keys, pin.sealedFirstPartyPin()),
                openPin(keys, pin.sealedSecondPartyPin()));
        return new IndexedSession(sessionUuid, strings.apply(state.accountId()), numbers.apply(vn), first, second,
                state.callTimeLimit(), state.ringTimeout(), state.expiryTime().toEpochMilli(), format, options, pins,
                strings);
    }

    public String sessionUuid() {
        return uuidText != null ? uuidText : new UUID(uuidHigh, uuidLow).toString();
    }

    /**
     * A probe to look a session up by uuid in a map whose keys are the sessions themselves: equal to the session with
     * that uuid, so the map needs no key object of its own (a {@code UUID} or its string would cost 32 or 80 bytes
     * per session).
     */
    static Object key(String sessionUuid) {
        UUID uuid = canonicalUuid(sessionUuid);
        return uuid != null ? new Key(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), null)
                : new Key(0, 0, sessionUuid);
    }

    /** Same session: same uuid. The index keys its sessions by themselves, looked up with {@link #key(String)}. */
    @Override
    public boolean equals(Object other) {
        return switch (other) {
            case IndexedSession s -> sameUuid(s.uuidHigh, s.uuidLow, s.uuidText);
            case Key k -> sameUuid(k.high(), k.low(), k.text());
            case null, default -> false;
        };
    }

    @Override
    public int hashCode() {
        return hash(uuidHigh, uuidLow, uuidText);
    }

    private boolean sameUuid(long high, long low, @Nullable String text) {
        return uuidText != null ? uuidText.equals(text) : text == null && uuidHigh == high && uuidLow == low;
    }

    private static int hash(long high, long low, @Nullable String text) {
        return text != null ? text.hashCode() : Long.hashCode(high ^ low);
    }

    /** A session uuid to look a session up with: equal to that session. */
    private record Key(long high, long low, @Nullable String text) {

        @Override
        public boolean equals(Object other) {
            return other instanceof IndexedSession session ? session.equals(this)
                    : other instanceof Key k && k.high == high && k.low == low && Objects.equals(k.text, text);
        }

        @Override
        public int hashCode() {
            return hash(high, low, text);
        }
    }

    public String accountId() {
        return accountId;
    }

    public PhoneNumber virtualNumber() {
        return virtualNumber;
    }

    /** The first party's number; null when it is the missing party of a single-party session. */
    public @Nullable PhoneNumber firstParty() {
        return number(firstDigits, firstCountry);
    }

    /** The second party's number; null when it is the missing party of a single-party session. */
    public @Nullable PhoneNumber secondParty() {
        return number(secondDigits, secondCountry);
    }

    /** Longest call leg, seconds. */
    public int callTimeLimit() {
        return callTimeLimit;
    }

    /** How long the other party may ring, seconds. */
    public int ringTimeout() {
        return ringTimeout;
    }

    /** When the session stops routing calls, epoch milliseconds. */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** The recording format when calls are recorded, else null. */
    public @Nullable String recordFileFormat() {
        return recordFileFormat;
    }

    public RoutingOptions options() {
        return options;
    }

    /** PIN settings (the PINs in them sealed: see {@link #pinOwner}); null when PIN authentication is off. */
    public @Nullable PinAuthentication pin() {
        return options.pin();
    }

    /** The PINs in clear, first party's first, a missing one as null; empty when PIN authentication is off. */
    List<String> pins() {
        return pins == null ? List.of() : Arrays.asList(pins.first(), pins.second());
    }

    /** Whose PIN {@code digits} is; null when it is neither party's (or the session has no PIN). */
    public @Nullable PartyRole pinOwner(String digits) {
        if (pins == null || digits.isEmpty()) {
            return null;
        }
        if (digits.equals(pins.first())) {
            return PartyRole.FIRST_PARTY;
        }
        return digits.equals(pins.second()) ? PartyRole.SECOND_PARTY : null;
    }

    /** The party's number; null for the missing party of a single-party session. */
    public @Nullable PhoneNumber party(PartyRole role) {
        return role == PartyRole.FIRST_PARTY ? firstParty() : secondParty();
    }

    /** The parties' digits as the index keys them, {@code 0} for a missing party. */
    long firstDigits() {
        return firstDigits;
    }

    long secondDigits() {
        return secondDigits;
    }

    /** Which party {@code caller} is; null when it is neither. */
    public @Nullable PartyRole roleOf(PhoneNumber caller) {
        return roleOf(digitsOf(caller));
    }

    /** The role of the party whose digits are {@code digits}; null when neither party's are. */
    @Nullable PartyRole roleOf(long digits) {
        if (digits == firstDigits) {
            return PartyRole.FIRST_PARTY;
        }
        return digits == secondDigits ? PartyRole.SECOND_PARTY : null;
    }

    /** The role of a party that is missing in a single-party session; null when both are present. */
    public @Nullable PartyRole missingRole() {
        if (firstDigits == NONE) {
            return PartyRole.FIRST_PARTY;
        }
        return secondDigits == NONE ? PartyRole.SECOND_PARTY : null;
    }

    /** The audio played to {@code role} before connecting; null when none. */
    public @Nullable String playUrl(PartyRole role) {
        String url = role == PartyRole.FIRST_PARTY ? options.firstPartyPlayUrl() : options.secondPartyPlayUrl();
        return url == null || url.isBlank() ? null : url;
    }

    /** The audio for a caller who is not a party, when PIN authentication is off; null when none. */
    public @Nullable String unknownCallerPlay() {
        String url = options.unknownCallerPlay();
        return url == null || url.isBlank() ? null : url;
    }

    /** Whether this is a single-party session without PIN: it owns its virtual number's unknown callers. */
    public boolean takesAnyCaller() {
        return missingRole() != null && pin() == null;
    }

    /** Whether the session may still route calls at {@code now}. */
    public boolean liveAt(Instant now) {
        return now.toEpochMilli() < expiresAtMillis;
    }

    @Override
    public String toString() {
        return "IndexedSession[" + sessionUuid() + " on " + virtualNumber.redacted() + "]";
    }

    /** A number's E.164 digits as a {@code long} (at most 15 digits); {@code 0} for none. */
    static long digitsOf(@Nullable PhoneNumber number) {
        return number == null ? NONE : Long.parseLong(number.e164(), 1, number.e164().length(), 10);
    }

    /** The digits of a number written as 1 to 15 digits, after an optional {@code +}; {@link #NONE} otherwise. */
    static long digitsOf(String raw) {
        int from = raw.startsWith("+") ? 1 : 0;
        int length = raw.length() - from;
        if (length < 1 || length > 15 || raw.charAt(from) == '0') {
            return NONE;
        }
        long digits = 0;
        for (int i = from; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return NONE;
            }
            digits = digits * 10 + (c - '0');
        }
        return digits;
    }

    private static @Nullable PhoneNumber number(long digits, @Nullable String country) {
        return digits == NONE || country == null ? null : new PhoneNumber("+" + digits, country);
    }

    /** The uuid when {@code text} is one in canonical (lower-case) form, so it can be given back unchanged. */
    private static @Nullable UUID canonicalUuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equals(text) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable PhoneNumber openOrNull(PrivacyKeys keys, @Nullable PartyNumber party) {
        if (party == null || party.sealed() == null || party.sealed().isBlank()) {
            return null;
        }
        try {
            return keys.number(party);
        } catch (InvalidPhoneNumberException e) {
            return null;
        }
    }

    private static @Nullable String openPin(PrivacyKeys keys, @Nullable String sealed) {
        if (sealed == null || sealed.isBlank()) {
            return null;
        }
        String pin = keys.openPin(sealed);
        return pin.isBlank() ? null : pin;
    }

    static @Nullable PhoneNumber parseOrNull(@Nullable String number) {
        if (number == null || number.isBlank()) {
            return null;
        }
        try {
            return PhoneNumber.parse(number);
        } catch (InvalidPhoneNumberException e) {
            return null;
        }
    }
}
