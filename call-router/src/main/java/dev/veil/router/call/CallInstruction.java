package dev.veil.router.call;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

/**
 * What Veil tells the carrier to do with a call; each carrier's adapter renders it in the carrier's dialect. Kept
 * in the webhook log (as JSON, by type name) so a repeated webhook gets the same instruction.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CallInstruction.Connect.class, name = "connect"),
        @JsonSubTypes.Type(value = CallInstruction.AskForPin.class, name = "ask_for_pin"),
        @JsonSubTypes.Type(value = CallInstruction.PlayAndHangUp.class, name = "play_and_hang_up"),
        @JsonSubTypes.Type(value = CallInstruction.Reject.class, name = "reject"),
        @JsonSubTypes.Type(value = CallInstruction.Acknowledge.class, name = "acknowledge"),
        @JsonSubTypes.Type(value = CallInstruction.PlaySound.class, name = "play_sound")})
public sealed interface CallInstruction {

    /**
     * Bridge the call: dial {@code otherParty}, showing {@code virtualNumber} as the caller id.
     *
     * @param timeLimit        longest the bridged call may last, seconds
     * @param ringTimeout      how long the other party may ring, seconds
     * @param callerPlayUrl    audio played to the caller before dialling; null when none
     * @param calleePlayUrl    audio played to the dialled party when it answers; null when none
     * @param recording        record the call once answered, as this says; null: don't
     */
    record Connect(PhoneNumber virtualNumber, PhoneNumber otherParty, int timeLimit, int ringTimeout,
            @Nullable String callerPlayUrl, @Nullable String calleePlayUrl, @Nullable Recording recording)
            implements CallInstruction {

        /** A plain bridge: no announcement, no recording. */
        public Connect(PhoneNumber virtualNumber, PhoneNumber otherParty, int timeLimit, int ringTimeout) {
            this(virtualNumber, otherParty, timeLimit, ringTimeout, null, null, null);
        }
    }

    /**
     * How a bridged call is recorded: in {@code fileFormat} ({@code mp3}, {@code wav}), with the session and account
     * in the Record callback URLs so recording-service can attribute the carrier's callbacks without asking anyone.
     */
    record Recording(String fileFormat, String sessionUuid, String accountId) {
    }

    /**
     * Collect a PIN: play {@code promptPlayUrl} and wait {@code waitSeconds} for the digits, which are reported as
     * try number {@code attempt}.
     *
     * @param incorrectPinPlayUrl played first, after a wrong PIN; null on the first try or when none is set
     */
    record AskForPin(String promptPlayUrl, int waitSeconds, @Nullable String incorrectPinPlayUrl, int attempt)
            implements CallInstruction {
    }

    /** Play {@code playUrl} (when not null), then hang up. */
    record PlayAndHangUp(@Nullable String playUrl) implements CallInstruction {
    }

    /** Refuse the call, saying why ({@code rejected}, {@code busy}). */
    record Reject(String reason) implements CallInstruction {
    }

    /** Nothing more to do: the report was taken note of. */
    record Acknowledge() implements CallInstruction {
    }

    /** The document the carrier fetches for a sound to play to a dialled party: just {@code playUrl}. */
    record PlaySound(String playUrl) implements CallInstruction {
    }
}
