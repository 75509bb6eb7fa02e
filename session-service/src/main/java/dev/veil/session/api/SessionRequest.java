package dev.veil.session.api;

import dev.veil.platform.phone.PhoneNumber;

/**
 * A valid create-session request with every default applied.
 *
 * @param sessionExpiry           seconds from creation until the session stops routing calls
 * @param callTimeLimit           longest call leg, seconds
 * @param ringTimeout             how long a dialled party may ring, seconds
 * @param recordFileFormat        {@code mp3} or {@code wav}
 * @param callbackUrl             session events URL, {@code ""} when none
 * @param callbackMethod          {@code GET} or {@code POST}
 * @param recordingCallbackUrl    recording events URL, {@code ""} when none
 * @param recordingCallbackMethod {@code GET} or {@code POST}
 * @param geomatch                whether the virtual number must be in the first party's country
 */
record SessionRequest(
        PhoneNumber firstParty,
        PhoneNumber secondParty,
        int sessionExpiry,
        int callTimeLimit,
        int ringTimeout,
        boolean record,
        String recordFileFormat,
        String callbackUrl,
        String callbackMethod,
        String recordingCallbackUrl,
        String recordingCallbackMethod,
        boolean geomatch) {
}
