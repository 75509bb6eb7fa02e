package dev.veil.platform.logging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class LogCorrelationTests {

    @BeforeAll
    static void propagation() {
        LogCorrelation.install();
    }

    @Test
    void idsAddedAlongTheWayReachTheMdcOfTheThreadThatRunsTheWorkAndLeaveItAfterwards() {
        Scheduler worker = Schedulers.newSingle("correlation-test");
        try {
            Map<String, String> during = mdcOn(worker)
                    .contextWrite(c -> LogCorrelation.with(c, LogCorrelation.CALL_UUID, "call-1"))
                    .contextWrite(c -> LogCorrelation.with(LogCorrelation.with(c, LogCorrelation.CORRELATION_ID,
                            "req-1"), LogCorrelation.SESSION_UUID, " "))
                    .block();
            Map<String, String> otherWork = mdcOn(worker)
                    .contextWrite(c -> LogCorrelation.with(c, LogCorrelation.SESSION_UUID, "session-2"))
                    .block();
            Map<String, String> after = mdcOn(worker).block();

            assertThat(during).containsOnly(entry(LogCorrelation.CORRELATION_ID, "req-1"),
                    entry(LogCorrelation.CALL_UUID, "call-1"));
            assertThat(otherWork).containsOnly(entry(LogCorrelation.SESSION_UUID, "session-2"));
            assertThat(after).isEmpty();
        } finally {
            worker.dispose();
        }
    }

    @Test
    void onlyTheThreeIdsAreCarried() {
        assertThatThrownBy(() -> LogCorrelation.with(Context.empty(), "caller", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caller");
    }

    /** The MDC of the worker thread, as a log call there would see it. */
    private static Mono<Map<String, String>> mdcOn(Scheduler worker) {
        return Mono.fromCallable(() -> {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            return mdc == null ? Map.<String, String>of() : Map.copyOf(mdc);
        }).subscribeOn(worker);
    }
}
