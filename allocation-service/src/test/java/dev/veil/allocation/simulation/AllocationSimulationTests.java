package dev.veil.allocation.simulation;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small workloads of the {@link AllocationSimulation} (the big ones are in its report): Veil's order never needs
 * more than 2Δ−1 numbers and needs fewer on the realistic workloads, and every replay respects the reuse rule.
 */
class AllocationSimulationTests {

    @Test
    void foodDeliveryNeedsFewerThanPlivosTwoDeltaMinusOne() {
        List<SessionSpec> sessions = Workloads.foodDelivery(1, 40, 2);
        int delta = PoolReplay.delta(sessions);
        PoolReplay.Result veil = replayRespectingTheRule(sessions);

        assertThat(delta).as("couriers reach their 10 concurrent orders").isEqualTo(10);
        assertThat(veil.poolSize()).isLessThan(2 * delta - 1).isLessThanOrEqualTo((int) (1.2 * delta));
    }

    @Test
    void rideHailingAndMarketplaceStayWithinTwentyPercentOfDelta() {
        for (List<SessionSpec> sessions : List.of(Workloads.rideHailing(1, 60, 3), Workloads.marketplace(1, 30, 3))) {
            int delta = PoolReplay.delta(sessions);
            PoolReplay.Result veil = replayRespectingTheRule(sessions);

            assertThat(veil.poolSize()).isLessThanOrEqualTo(2 * delta - 1).isLessThanOrEqualTo((int) (1.2 * delta));
        }
    }

    @Test
    void adversarialSequenceReachesButNeverExceedsTwoDeltaMinusOne() {
        List<SessionSpec> sessions = Workloads.adversarial(6);

        assertThat(PoolReplay.delta(sessions)).isEqualTo(6);
        assertThat(replayRespectingTheRule(sessions).poolSize()).isEqualTo(11);
    }

    @Test
    void packingNeedsNoMoreThanSpreadingOnTheRealisticWorkloads() {
        for (List<SessionSpec> sessions : List.of(Workloads.foodDelivery(2, 40, 2), Workloads.marketplace(2, 30, 3))) {
            assertThat(PoolReplay.replay(sessions, PoolReplay::defaultName).poolSize()).isLessThanOrEqualTo(
                    PoolReplay.replay(sessions, AllocationSimulation.SPREAD, PoolReplay::defaultName).poolSize());
        }
    }

    /** Replays with Veil's order and checks, independently of the replay, that no party held a number twice. */
    private static PoolReplay.Result replayRespectingTheRule(List<SessionSpec> sessions) {
        PoolReplay.Result result = PoolReplay.replay(sessions, PoolReplay::defaultName);
        Map<String, Integer> held = new HashMap<>();
        for (PoolReplay.Step step : PoolReplay.steps(sessions)) {
            SessionSpec session = sessions.get(step.index());
            String number = result.numbers().get(step.index());
            for (String party : List.of(session.first(), session.second())) {
                int now = held.merge(number + "|" + party, step.release() ? -1 : 1, Integer::sum);
                assertThat(now).as("%s holds %s at most once", party, number).isLessThanOrEqualTo(1);
            }
        }
        assertThat(result.numbers()).doesNotContainNull().hasSize(sessions.size());
        return result;
    }
}
