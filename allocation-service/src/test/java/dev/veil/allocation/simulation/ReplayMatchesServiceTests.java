package dev.veil.allocation.simulation;

import dev.veil.allocation.AllocationServiceIntegration;
import dev.veil.allocation.TestParty;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
import static dev.veil.allocation.TestParty.party;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulation measures the service: a sample workload replayed through {@code POST /internal/v1/allocations}
 * on real Postgres (releases applied as the end of a cool-off applies them) chooses exactly the numbers
 * {@link PoolReplay} chooses, on a pool of the size the replay grew to.
 */
class ReplayMatchesServiceTests extends AllocationServiceIntegration {

    @Test
    void serviceChoosesTheSameNumbersAsTheReplay() {
        List<SessionSpec> sessions = Workloads.foodDelivery(3, 6, 1);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pool.add(us());
        }
        PoolReplay.Result replay = PoolReplay.replay(sessions, pool::get);
        String account = account();
        seed(account, pool.subList(0, replay.poolSize()).toArray(String[]::new));
        Map<String, TestParty> parties = new HashMap<>();
        String[] uuids = new String[sessions.size()];
        List<String> chosen = new ArrayList<>(java.util.Collections.nCopies(sessions.size(), (String) null));

        for (PoolReplay.Step step : PoolReplay.steps(sessions)) {
            SessionSpec s = sessions.get(step.index());
            if (step.release()) {
                release(uuids[step.index()]);
            } else {
                uuids[step.index()] = session();
                chosen.set(step.index(), allocated(uuids[step.index()], account,
                        parties.computeIfAbsent(s.first(), p -> party()),
                        parties.computeIfAbsent(s.second(), p -> party())));
            }
        }

        assertThat(sessions).hasSizeGreaterThan(50);
        assertThat(replay.poolSize()).isGreaterThan(1);
        assertThat(chosen).isEqualTo(replay.numbers());
    }

    /** What the cool-off release job does when a session's cool-off ends. */
    private void release(String session) {
        db.sql("""
                        WITH released AS (UPDATE allocations SET status = 'released', released_at = now()
                                          WHERE session_uuid = :s RETURNING session_uuid, virtual_number),
                             unbound AS (DELETE FROM bindings
                                         WHERE session_uuid IN (SELECT session_uuid FROM released))
                        UPDATE virtual_numbers SET live_sessions = live_sessions - 1
                        WHERE number IN (SELECT virtual_number FROM released)""")
                .bind("s", session).then().block();
    }
}
