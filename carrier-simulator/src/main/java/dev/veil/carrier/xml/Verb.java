package dev.veil.carrier.xml;

import org.jspecify.annotations.Nullable;

import java.util.List;

/** One instruction of a Plivo XML {@code <Response>}, in document order. */
public sealed interface Verb {

    /** Plivo's default {@code timeLimit} of a Dial, in seconds (4 hours). */
    int DEFAULT_TIME_LIMIT = 14_400;
    /** Plivo cuts a longer {@code timeLimit} at 24 hours. */
    int MAX_TIME_LIMIT = 86_400;

    /**
     * {@code <Dial>}: call another party and bridge it to the caller.
     *
     * @param callerId       caller ID shown to the dialled party as written in the XML, or null for the caller's own
     * @param timeLimitSeconds longest bridged talk, in seconds (default {@value #DEFAULT_TIME_LIMIT}, capped at
     *                       {@value #MAX_TIME_LIMIT})
     * @param timeoutSeconds how long the dialled party may ring before {@code no-answer}, or null when not given
     * @param action         the Dial action URL, or null
     * @param method         HTTP method of the action URL ({@code POST} or {@code GET})
     * @param callbackUrl    the URL of the Dial events ({@code DialAction=answer|hangup}), or null
     * @param callbackMethod HTTP method of the callback URL
     * @param numbers        the {@code <Number>} children's numbers, as written
     */
    record Dial(@Nullable String callerId, int timeLimitSeconds, @Nullable Integer timeoutSeconds,
            @Nullable String action, String method, @Nullable String callbackUrl, String callbackMethod,
            List<String> numbers) implements Verb {

        public Dial {
            numbers = List.copyOf(numbers);
        }
    }

    /** {@code <Hangup reason="...">}: end the call now; the reason is {@code rejected}, {@code busy} or null. */
    record Hangup(@Nullable String reason) implements Verb {
    }

    /** {@code <Play>}: play the audio file at {@code url} to the caller. */
    record Play(String url) implements Verb {
    }

    /** {@code <Speak>}: read {@code text} to the caller. */
    record Speak(String text) implements Verb {
    }

    /**
     * A valid Plivo element the simulator does not simulate ({@code Record}, {@code Wait}, {@code GetDigits}, ...).
     * The call goes on past it, and the report lists it as skipped.
     */
    record Unsimulated(String element) implements Verb {
    }
}
