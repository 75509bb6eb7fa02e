package dev.veil.carrier.call;

/**
 * Why a leg hung up, named as Plivo's webhooks name causes ({@code HangupCause}, {@code DialHangupCause},
 * {@code DialBLegHangupCause}): the Q.850 / FreeSWITCH cause names.
 */
public enum HangupCause {
    /** A normal end: someone hung up, or the application's instructions ran out. */
    NORMAL_CLEARING,
    /** {@code <Hangup reason="rejected"/>}. */
    CALL_REJECTED,
    /** A busy dialled phone, or {@code <Hangup reason="busy"/>}. */
    USER_BUSY,
    /** The dialled phone rang until the Dial's timeout. */
    NO_ANSWER,
    /** The Dial's {@code <Number>} is not a valid phone number. */
    INVALID_NUMBER_FORMAT,
    /** The application could not be reached, answered a non-2xx status or invalid XML. */
    NORMAL_TEMPORARY_FAILURE
}
