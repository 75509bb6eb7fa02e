package dev.veil.allocation.reservation;

import dev.veil.allocation.AllocationServiceIntegration;
import dev.veil.allocation.TestParty;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
import static dev.veil.allocation.TestParty.party;
import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentAllocationTests extends AllocationServiceIntegration {

    static final int POOL = 10;
    static final int REQUESTS = 50;

    @Autowired
    MeterRegistry meters;

    @Test
    void concurrentSessionsOfOnePartyNeverShareANumber() throws Exception {
        String account = account();
        for (int i = 0; i < POOL; i++) {
            seed(account, us());
        }
        TestParty a = party();
        double collisionsBefore = meters.counter("veil.allocations.collisions").count();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<EntityExchangeResult<Map>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < REQUESTS; i++) {
                TestParty b = party();
                futures.add(pool.submit(() -> {
                    start.await();
                    return allocate(session(), account, a, b, true).expectBody(Map.class).returnResult();
                }));
            }
            start.countDown();
        }
        List<String> numbers = new ArrayList<>();
        int exhausted = 0;
        for (Future<EntityExchangeResult<Map>> future : futures) {
            EntityExchangeResult<Map> result = future.get();
            if (result.getStatus().value() == 201) {
                numbers.add((String) result.getResponseBody().get("virtual_number"));
            } else {
                assertThat(result.getStatus().value()).isEqualTo(400);
                assertThat(result.getResponseBody()).containsEntry("error", "Number pool exhausted or not available.");
                exhausted++;
            }
        }

        // A can be on each number once: every number is used exactly once, and the rest are refused.
        assertThat(numbers).doesNotHaveDuplicates().hasSize(POOL);
        assertThat(exhausted).isEqualTo(REQUESTS - POOL);
        List<Long> perNumber = db.sql("""
                        SELECT count(*) FROM bindings WHERE binding = :a GROUP BY virtual_number""")
                .bind("a", "party:" + a.index()).map(r -> r.get(0, Long.class)).all().collectList().block();
        assertThat(perNumber).hasSize(POOL).containsOnly(1L);
        // The requests really raced: some lost a candidate to a concurrent allocation and moved on.
        assertThat(meters.counter("veil.allocations.collisions").count()).isGreaterThan(collisionsBefore);
        assertThat(db.sql("SELECT count(*) FROM allocations WHERE account_id = :acc").bind("acc", account)
                .map(r -> r.get(0, Long.class)).one().block()).isEqualTo((long) POOL);
    }
}
