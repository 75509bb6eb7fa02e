package dev.veil.bench.load;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FixedRateTests {

    @Test
    void schedulesRequestsAtFixedIntervalsFromTheStart() {
        FixedRate schedule = new FixedRate(2_000, 15);

        assertThat(schedule.requests()).isEqualTo(30_000);
        assertThat(schedule.dueOffsetNanos(0)).isZero();
        assertThat(schedule.dueOffsetNanos(1)).isEqualTo(500_000);
        assertThat(schedule.dueOffsetNanos(29_999)).isEqualTo(14_999_500_000L);
    }

    @Test
    void countsRequestsDueByAMomentNeverBeyondTheRun() {
        FixedRate schedule = new FixedRate(200, 10);

        assertThat(schedule.dueBy(-1)).isZero();
        assertThat(schedule.dueBy(0)).isEqualTo(1);
        assertThat(schedule.dueBy(4_999_999)).isEqualTo(1);
        assertThat(schedule.dueBy(5_000_000)).isEqualTo(2);
        assertThat(schedule.dueBy(TimeUnit.HOURS.toNanos(1))).isEqualTo(2_000);
    }

    @Test
    void keepsFractionalRatesExact() {
        FixedRate schedule = new FixedRate(3, 2);

        assertThat(schedule.requests()).isEqualTo(6);
        assertThat(schedule.dueOffsetNanos(1)).isEqualTo(333_333_333L);
        assertThat(schedule.dueOffsetNanos(3)).isEqualTo(1_000_000_000L);
    }

    @Test
    void refusesAnEmptySchedule() {
        assertThatThrownBy(() -> new FixedRate(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FixedRate(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chargesAStalledRequestAndThoseQueuedBehindItFromTheirDueTimes() throws InterruptedException {
        // Four requests due 0, 10, 20, 30 ms; one in flight at a time; the first stalls 200 ms. Measured from
        // their due times, the three behind it wait too (a closed-loop tool would report them as fast).
        OpenLoopDriver driver = new OpenLoopDriver(1, 5);
        OpenLoopDriver.Result result = driver.run(new FixedRate(100, 0.04), (i, due) -> i == 0
                ? CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(200,
                        TimeUnit.MILLISECONDS))
                : CompletableFuture.completedFuture(i == 3 ? "wrong answer" : null));

        assertThat(result.sent()).isEqualTo(4);
        assertThat(result.errors()).isEqualTo(1);
        assertThat(result.errorKinds()).containsEntry("wrong answer", 1L);
        assertThat(result.latency().getTotalCount()).isEqualTo(4);
        assertThat(result.latency().getMinValue()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(165));
    }
}
