package dev.veil.carrier.call;

import dev.veil.platform.phone.PhoneNumber;

/**
 * A validated request of the carrier's Call API ({@code POST /v1/Account/{auth_id}/Call/}): ring {@code to},
 * showing {@code from}, and run the application's answer URL once it answers.
 *
 * @param requestUuid        the {@code request_uuid} answered to the API call, sent back as
 *                           {@code ALegRequestUUID} and {@code RequestUUID}
 * @param from               the caller ID shown to {@code to} (a virtual number)
 * @param to                 the phone called
 * @param answerUrl          asked for XML once {@code to} answers
 * @param answerMethod       {@code POST} or {@code GET}
 * @param hangupUrl          told the call's end
 * @param hangupMethod       {@code POST} or {@code GET}
 * @param ringTimeoutSeconds how long {@code to} may ring before the call ends unanswered
 */
public record OutboundOrder(String requestUuid, PhoneNumber from, PhoneNumber to, String answerUrl,
        String answerMethod, String hangupUrl, String hangupMethod, int ringTimeoutSeconds) {
}
