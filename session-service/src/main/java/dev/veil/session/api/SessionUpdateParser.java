package dev.veil.session.api;

import dev.veil.platform.phone.PhoneNumber;
import dev.veil.session.sessions.Session;
import dev.veil.session.sessions.SessionOptions;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static dev.veil.session.api.RequestParams.invalid;

/**
 * Applies the JSON body of an update-session request (PLIVO_API.md §2.3) to a session.
 *
 * <p>Updatable: {@code session_expiry} (the new expiry is the time of the update plus it, so {@code duration}
 * becomes the new expiry minus the creation time), {@code call_time_limit}, {@code ring_timeout},
 * {@code callback_url}, {@code callback_method}, {@code record}, {@code record_file_format},
 * {@code recording_callback_url}, {@code recording_callback_method}, {@code first_party_play_url},
 * {@code second_party_play_url}, and {@code first_party}/{@code second_party} of a single-party session (to fill
 * in the missing party). Every other session parameter is frozen: sending it with its current value is accepted
 * (the SDKs send defaults), sending another value is a 400 naming it. Unknown keys (Node's {@code session_uuid})
 * are ignored.
 *
 * <p>What the Java SDK sends for an update nobody filled in, {@code {"session_expiry":0, "call_time_limit":0,
 * "ring_timeout":0, "record":false, "create_session_with_single_party":false}}, changes nothing: 0 means
 * "unchanged", {@code create_session_with_single_party:false} is ignored (the SDK's setter is a no-op bug), and
 * {@code record:false} next to {@code create_session_with_single_party:false} (that zero-filling's signature) is
 * read as "unchanged" too; a client that means to stop recording sends {@code record:false} alone.
 */
final class SessionUpdateParser {

    private SessionUpdateParser() {
    }

    /** The session after the update at {@code now}; throws {@link InvalidSessionRequestException} to refuse. */
    static Session apply(JsonNode body, Session current, Instant now) {
        RequestParams params = new RequestParams(body);
        frozen(params, current);
        SessionOptions options = current.options();
        String first = current.firstParty();
        String second = current.secondParty();
        if (options.singleParty()) {
            @Nullable PhoneNumber newFirst = params.party("first_party");
            @Nullable PhoneNumber newSecond = params.party("second_party");
            first = newFirst == null ? first : newFirst.e164();
            second = newSecond == null ? second : newSecond.e164();
            if (first != null && first.equals(second)) {
                throw invalid("Invalid parameter. first_party and second_party must be different numbers.");
            }
        } else {
            for (String party : new String[] {"first_party", "second_party"}) {
                @Nullable PhoneNumber given = params.party(party);
                String stored = party.equals("first_party") ? current.firstParty() : current.secondParty();
                if (given != null && !given.e164().equals(stored)) {
                    throw invalid("Invalid parameter. " + party + " can be updated only in a session created with"
                            + " create_session_with_single_party.");
                }
            }
        }
        int sessionExpiry = params.integer("session_expiry", 1, SessionRequestParser.MAX_SESSION_EXPIRY, 0, true);
        int callTimeLimit = params.integer("call_time_limit", 1, SessionRequestParser.MAX_CALL_TIME_LIMIT,
                current.callTimeLimit(), true);
        int ringTimeout = params.integer("ring_timeout", 1, SessionRequestParser.MAX_RING_TIMEOUT,
                current.ringTimeout(), true);
        boolean javaZeroFill = params.has("create_session_with_single_party")
                && !params.bool("create_session_with_single_party", false);
        boolean record = params.bool("record", current.record());
        if (javaZeroFill && !record) {
            record = current.record();
        }
        String format = params.recordFileFormat(current.recordFileFormat());
        String callbackUrl = params.has("callback_url") ? params.url("callback_url") : current.callbackUrl();
        String callbackMethod = params.method("callback_method", current.callbackMethod());
        String recordingUrl = params.has("recording_callback_url") ? params.url("recording_callback_url")
                : current.recordingCallbackUrl();
        String recordingMethod = params.method("recording_callback_method", current.recordingCallbackMethod());
        String firstPlay = params.has("first_party_play_url") ? params.url("first_party_play_url")
                : options.firstPartyPlayUrl();
        String secondPlay = params.has("second_party_play_url") ? params.url("second_party_play_url")
                : options.secondPartyPlayUrl();
        Instant expiry = sessionExpiry == 0 ? current.expiryTime() : now.plusSeconds(sessionExpiry);
        return current.updated(first, second, callTimeLimit, ringTimeout, record, format, callbackUrl,
                callbackMethod, recordingUrl, recordingMethod, options.withPlayUrls(firstPlay, secondPlay), now,
                expiry);
    }

    /** Refuses a frozen parameter sent with another value than the session's. */
    private static void frozen(RequestParams params, Session current) {
        SessionOptions o = current.options();
        Map<String, @Nullable String> values = new LinkedHashMap<>();
        values.put("initiate_call_to_first_party", String.valueOf(o.initiateCallToFirstParty()));
        values.put("is_pin_authentication_required", String.valueOf(o.pinRequired()));
        values.put("generate_pin", String.valueOf(o.generatePin()));
        values.put("generate_pin_length", String.valueOf(o.generatePinLength()));
        values.put("first_party_pin", o.firstPartyPin());
        values.put("second_party_pin", o.secondPartyPin());
        values.put("pin_prompt_play", o.pinPromptPlay());
        values.put("pin_retry", String.valueOf(o.pinRetry()));
        values.put("pin_retry_wait", String.valueOf(o.pinRetryWait()));
        values.put("incorrect_pin_play", o.incorrectPinPlay());
        values.put("force_pin_authentication", String.valueOf(o.forcePin()));
        values.put("unknown_caller_play", o.unknownCallerPlay());
        values.put("virtual_number_cooloff_period", String.valueOf(o.cooloffPeriod()));
        values.put("geomatch", String.valueOf(current.geomatch()));
        values.put("subaccount", current.subaccount() == null ? "" : current.subaccount());
        for (Map.Entry<String, @Nullable String> frozen : values.entrySet()) {
            @Nullable String sent = params.text(frozen.getKey());
            if (sent != null && !sent.toLowerCase(Locale.ROOT).equals(
                    String.valueOf(frozen.getValue()).toLowerCase(Locale.ROOT))) {
                throw invalid("Invalid parameter. " + frozen.getKey() + " cannot be updated once the session is"
                        + " created.");
            }
        }
        if (params.bool("create_session_with_single_party", false) && !o.singleParty()) {
            throw invalid("Invalid parameter. create_session_with_single_party cannot be updated once the session"
                    + " is created.");
        }
    }
}
