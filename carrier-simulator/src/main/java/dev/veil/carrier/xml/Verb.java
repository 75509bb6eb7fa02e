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
     * @param confirmSound   URL of a sound played to the dialled party when it answers, before the bridge, or null
     * @param numbers        the {@code <Number>} children's numbers, as written
     */
    record Dial(@Nullable String callerId, int timeLimitSeconds, @Nullable Integer timeoutSeconds,
            @Nullable String action, String method, @Nullable String callbackUrl, String callbackMethod,
            @Nullable String confirmSound, List<String> numbers) implements Verb {

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
     * {@code <GetDigits>}: play the nested prompts and collect the caller's keys, then tell the action URL.
     *
     * @param action              URL told the {@code Digits} (empty when none came), or null
     * @param method              HTTP method of the action URL
     * @param timeoutSeconds      how long to wait for the first key (Plivo default 5)
     * @param digitTimeoutSeconds how long to wait for the next key once typing started (Plivo default 2)
     * @param finishOnKey         the key that ends the input (not part of {@code Digits}), empty for none
     *                            (Plivo default {@code #})
     * @param numDigits           the input ends once this many keys are collected (Plivo default 99)
     * @param retries             how many times the prompt is played and the input awaited in all, while nothing
     *                            valid comes (Plivo default 1)
     * @param redirect            whether the action URL's XML replaces the rest of the document (default true)
     * @param validDigits         the keys accepted (default {@code 1234567890*#})
     * @param invalidDigitsSound  URL played when a key outside {@code validDigits} is pressed, or null
     * @param prompts             the nested {@code <Play>} and {@code <Speak>}, in order
     */
    record GetDigits(@Nullable String action, String method, int timeoutSeconds, int digitTimeoutSeconds,
            String finishOnKey, int numDigits, int retries, boolean redirect, String validDigits,
            @Nullable String invalidDigitsSound, List<Verb> prompts) implements Verb {

        public GetDigits {
            prompts = List.copyOf(prompts);
        }
    }

    /**
     * {@code <Record>}: record the call. With {@code recordSession} the recording runs from here to the end of the
     * call, with {@code startOnDialAnswer} it covers the next Dial's bridged talk; both go on to the next element
     * at once. Otherwise the caller's message is recorded (at most {@code maxLength}) before going on.
     *
     * @param action            URL told the recording's URL and id when the element runs (durations {@code -1}
     *                          while it is still in progress), or null
     * @param method            HTTP method of the action URL
     * @param fileFormat        {@code mp3} (default) or {@code wav}
     * @param redirect          whether the action URL's XML replaces the rest of the document (default true)
     * @param maxLengthSeconds  longest message recorded by a blocking Record (Plivo default 60); the simulated
     *                          caller talks without pauses, so Plivo's silence {@code timeout} never ends it
     * @param recordSession     record from here to the end of the call
     * @param startOnDialAnswer start recording when the next Dial is answered
     * @param callbackUrl       URL told the finished recording once its media can be fetched, or null
     * @param callbackMethod    HTTP method of the callback URL
     */
    record Record(@Nullable String action, String method, String fileFormat, boolean redirect,
            int maxLengthSeconds, boolean recordSession, boolean startOnDialAnswer,
            @Nullable String callbackUrl, String callbackMethod) implements Verb {
    }

    /** {@code <Wait length>}: the call stays silent for {@code lengthSeconds} (Plivo default 1). */
    record Wait(int lengthSeconds) implements Verb {
    }

    /**
     * A valid Plivo element the simulator does not simulate ({@code Conference}, {@code DTMF}, ...).
     * The call goes on past it, and the report lists it as skipped.
     */
    record Unsimulated(String element) implements Verb {
    }
}
