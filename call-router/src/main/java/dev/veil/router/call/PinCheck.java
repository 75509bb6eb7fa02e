package dev.veil.router.call;

import dev.veil.events.PinAuthentication;
import dev.veil.router.index.IndexedSession;
import org.jspecify.annotations.Nullable;

/**
 * A caller's PIN check: the settings of the session whose prompt the caller hears (the caller's own session when
 * it forces PIN checks, else one of the virtual number's PIN sessions), and the session its events name.
 *
 * @param retries     further tries after a wrong PIN
 * @param waitSeconds how long each try waits for digits
 */
record PinCheck(String sessionUuid, String accountId, String promptPlay, int retries, int waitSeconds,
        @Nullable String incorrectPinPlay) {

    static PinCheck of(IndexedSession session) {
        PinAuthentication pin = session.pin();
        if (pin == null) {
            throw new IllegalArgumentException("session has no PIN authentication");
        }
        String incorrect = pin.incorrectPinPlay() == null || pin.incorrectPinPlay().isBlank()
                ? null : pin.incorrectPinPlay();
        return new PinCheck(session.sessionUuid(), session.accountId(), pin.promptPlay(), Math.max(0, pin.retry()),
                pin.retryWait() <= 0 ? 5 : pin.retryWait(), incorrect);
    }

    CallInstruction.AskForPin ask(int attempt) {
        return new CallInstruction.AskForPin(promptPlay, waitSeconds, attempt > 1 ? incorrectPinPlay : null, attempt);
    }
}
