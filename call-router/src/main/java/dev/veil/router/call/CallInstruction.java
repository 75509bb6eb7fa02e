package dev.veil.router.call;

import dev.veil.platform.phone.PhoneNumber;

/** What Veil tells the carrier to do with a call; each carrier's adapter renders it in the carrier's dialect. */
public sealed interface CallInstruction {

    /**
     * Bridge the call: dial {@code otherParty}, showing {@code virtualNumber} as the caller id.
     *
     * @param timeLimit   longest the bridged call may last, seconds
     * @param ringTimeout how long the other party may ring, seconds
     */
    record Connect(PhoneNumber virtualNumber, PhoneNumber otherParty, int timeLimit, int ringTimeout)
            implements CallInstruction {
    }

    /** Refuse the call. */
    record Reject(String reason) implements CallInstruction {
    }

    /** Nothing more to do: the report was taken note of. */
    record Acknowledge() implements CallInstruction {
    }
}
