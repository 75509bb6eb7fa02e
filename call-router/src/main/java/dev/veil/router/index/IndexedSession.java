package dev.veil.router.index;

import dev.veil.events.PartyRole;
import dev.veil.events.PinAuthentication;
import dev.veil.events.RoutingOptions;
import dev.veil.events.SessionState;
import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A live session as the routing index holds it: only what routing needs, with the numbers parsed once. Kept
 * compact (a million live sessions must fit in a few hundred MB): the virtual number, account id and file format are
 * shared between sessions by the index, and the expiry is epoch milliseconds. In a single-party session one party is
 * null.
 *
 * @param recordFileFormat the recording format when calls are recorded, else null
 * @param expiresAtMillis  when the session stops routing calls, epoch milliseconds
 */
public record IndexedSession(String sessionUuid, String accountId, PhoneNumber virtualNumber,
        @Nullable PhoneNumber firstParty, @Nullable PhoneNumber secondParty, int callTimeLimit, int ringTimeout,
        long expiresAtMillis, @Nullable String recordFileFormat, RoutingOptions options) {

    /**
     * The session as indexed; null when it cannot route any call: no valid virtual number, no valid party, a
     * missing party outside a single-party session, or both parties the same number.
     */
    public static @Nullable IndexedSession indexable(String sessionUuid, SessionState state) {
        return indexable(sessionUuid, state, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * As {@link #indexable(String, SessionState)}, with the virtual number and strings shared through
     * {@code numbers} and {@code strings}.
     */
    static @Nullable IndexedSession indexable(String sessionUuid, SessionState state,
            UnaryOperator<PhoneNumber> numbers, UnaryOperator<String> strings) {
        PhoneNumber vn = parseOrNull(state.virtualNumber());
        PhoneNumber first = parseOrNull(state.firstParty());
        PhoneNumber second = parseOrNull(state.secondParty());
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
        return new IndexedSession(sessionUuid, strings.apply(state.accountId()), numbers.apply(vn), first, second,
                state.callTimeLimit(), state.ringTimeout(), state.expiryTime().toEpochMilli(), format, options);
    }

    /** PIN settings; null when PIN authentication is off. */
    public @Nullable PinAuthentication pin() {
        return options().pin();
    }

    /** The party's number; null for the missing party of a single-party session. */
    public @Nullable PhoneNumber party(PartyRole role) {
        return role == PartyRole.FIRST_PARTY ? firstParty : secondParty;
    }

    /** Which party {@code caller} is; null when it is neither. */
    public @Nullable PartyRole roleOf(PhoneNumber caller) {
        if (caller.equals(firstParty)) {
            return PartyRole.FIRST_PARTY;
        }
        return caller.equals(secondParty) ? PartyRole.SECOND_PARTY : null;
    }

    /** The role of a party that is missing in a single-party session; null when both are present. */
    public @Nullable PartyRole missingRole() {
        if (firstParty == null) {
            return PartyRole.FIRST_PARTY;
        }
        return secondParty == null ? PartyRole.SECOND_PARTY : null;
    }

    /** The audio played to {@code role} before connecting; null when none. */
    public @Nullable String playUrl(PartyRole role) {
        String url = role == PartyRole.FIRST_PARTY ? options().firstPartyPlayUrl() : options().secondPartyPlayUrl();
        return url == null || url.isBlank() ? null : url;
    }

    /** The audio for a caller who is not a party, when PIN authentication is off; null when none. */
    public @Nullable String unknownCallerPlay() {
        String url = options().unknownCallerPlay();
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
