package dev.veil.router.call;

import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * What a carrier reported about a call, read from its webhook by the carrier's adapter and free of its dialect.
 * Every report names the call by the carrier's id of the inbound (A) leg, which keys the webhook log.
 */
public sealed interface CallReport {

    /** The carrier's id of the inbound (A) leg. */
    String callUuid();

    /** The kind under which the report is logged. */
    WebhookKind kind();

    /**
     * A call to a virtual number waits for Veil's instructions.
     *
     * @param caller the calling number; null when it is withheld or not a valid number
     * @param called the number called; null when it is not a valid number
     */
    record IncomingCall(String callUuid, @Nullable PhoneNumber caller, @Nullable PhoneNumber called)
            implements CallReport {
        @Override
        public WebhookKind kind() {
            return WebhookKind.ANSWER;
        }
    }

    /**
     * The party Veil dialled answered on leg {@code bLegUuid}.
     *
     * @param dialled the number dialled, null when the carrier did not say
     */
    record DialAnswered(String callUuid, String bLegUuid, @Nullable PhoneNumber dialled) implements CallReport {

        public DialAnswered(String callUuid, String bLegUuid) {
            this(callUuid, bLegUuid, null);
        }

        @Override
        public WebhookKind kind() {
            return WebhookKind.DIAL_ANSWER;
        }
    }

    /**
     * The dialled leg hung up after being up {@code durationSeconds}, of which the carrier bills the second.
     *
     * @param dialled the number dialled, null when the carrier did not say
     */
    record DialEnded(String callUuid, String bLegUuid, int durationSeconds, int billDurationSeconds,
            String hangupCause, @Nullable PhoneNumber dialled) implements CallReport {

        public DialEnded(String callUuid, String bLegUuid, int durationSeconds, int billDurationSeconds,
                String hangupCause) {
            this(callUuid, bLegUuid, durationSeconds, billDurationSeconds, hangupCause, null);
        }

        @Override
        public WebhookKind kind() {
            return WebhookKind.DIAL_HANGUP;
        }
    }

    /**
     * The dial finished.
     *
     * @param bLegUuid the dialled leg, null when none was created
     * @param status   the carrier's outcome, for example {@code completed} or {@code no-answer}
     */
    record DialCompleted(String callUuid, @Nullable String bLegUuid, String status, String hangupCause)
            implements CallReport {
        @Override
        public WebhookKind kind() {
            return WebhookKind.DIAL_STATUS;
        }
    }

    /**
     * The caller's leg hung up: the call is over.
     *
     * @param startTime when the leg started, null when the carrier did not say
     * @param endTime   when it ended, null when the carrier did not say
     * @param caller    the A leg's caller, null when withheld or not said
     * @param called    the number the A leg called, null when not said
     */
    record CallHungUp(String callUuid, int durationSeconds, int billDurationSeconds, String hangupCause,
            @Nullable Instant startTime, @Nullable Instant endTime, @Nullable PhoneNumber caller,
            @Nullable PhoneNumber called) implements CallReport {

        public CallHungUp(String callUuid, int durationSeconds, int billDurationSeconds, String hangupCause,
                @Nullable Instant startTime, @Nullable Instant endTime) {
            this(callUuid, durationSeconds, billDurationSeconds, hangupCause, startTime, endTime, null, null);
        }

        /** The same report without the caller's and the called number. */
        public CallHungUp withoutNumbers() {
            return new CallHungUp(callUuid, durationSeconds, billDurationSeconds, hangupCause, startTime, endTime);
        }

        @Override
        public WebhookKind kind() {
            return WebhookKind.HANGUP;
        }
    }

    /**
     * The caller typed digits (or nothing) at Veil's PIN prompt, try number {@code attempt}.
     *
     * @param digits what was typed, without the finishing key; empty when nothing
     */
    record PinEntered(String callUuid, int attempt, String digits, @Nullable PhoneNumber caller,
            @Nullable PhoneNumber called) implements CallReport {
        @Override
        public WebhookKind kind() {
            return WebhookKind.PIN;
        }
    }

    /**
     * A first party Veil called for a request-a-call session answered, and waits for Veil's instructions.
     *
     * @param sessionUuid the session Veil placed the call for
     */
    record OutboundAnswered(String callUuid, String sessionUuid) implements CallReport {
        @Override
        public WebhookKind kind() {
            return WebhookKind.ANSWER;
        }
    }

    /** The carrier fetches the sound to play to a dialled party when it answers. */
    record SoundRequested(String callUuid, String playUrl) implements CallReport {
        @Override
        public WebhookKind kind() {
            return WebhookKind.SOUND;
        }
    }
}
