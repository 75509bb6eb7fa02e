package dev.veil.session.api;

import dev.veil.platform.phone.PhoneNumber;
import dev.veil.session.sessions.SessionOptions;
import org.jspecify.annotations.Nullable;

/**
 * A valid create-session request with every default applied.
 *
 * @param firstParty              null only in a single-party session
 * @param secondParty             null only in a single-party session
 * @param sessionExpiry           seconds from creation until the session stops routing calls
 * @param callTimeLimit           longest call leg, seconds
 * @param ringTimeout             how long a dialled party may ring, seconds
 * @param recordFileFormat        {@code mp3} or {@code wav}
 * @param callbackUrl             session events URL, {@code ""} when none
 * @param callbackMethod          {@code GET} or {@code POST}
 * @param recordingCallbackUrl    recording events URL, {@code ""} when none
 * @param recordingCallbackMethod {@code GET} or {@code POST}
 * @param geomatch                whether the virtual number must be in the first party's country
 * @param options                 routing options; with {@code generatePin} the PINs are still null here
 * @param subaccount              the {@code subaccount} parameter, {@code ""} when not given
 */
record SessionRequest(
        @Nullable PhoneNumber firstParty,
        @Nullable PhoneNumber secondParty,
        int sessionExpiry,
        int callTimeLimit,
        int ringTimeout,
        boolean record,
        String recordFileFormat,
        String callbackUrl,
        String callbackMethod,
        String recordingCallbackUrl,
        String recordingCallbackMethod,
        boolean geomatch,
        SessionOptions options,
        String subaccount) {
}
