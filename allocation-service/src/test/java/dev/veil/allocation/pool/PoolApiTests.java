package dev.veil.allocation.pool;

import dev.veil.allocation.AllocationServiceIntegration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.gb;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
import static org.assertj.core.api.Assertions.assertThat;

class PoolApiTests extends AllocationServiceIntegration {

    static final String SUBACCOUNT = "SA00000000000000042";

    @Autowired
    MeterRegistry meters;

    @Test
    void addedNumbersGetTheirCountryAndTakeSessions() {
        String account = account();
        String usNumber = us();
        String gbNumber = gb();

        add(account, Map.of("numbers", List.of(usNumber, gbNumber.substring(1))))
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.message").isEqualTo("Numbers added to the pool")
                .jsonPath("$.numbers.length()").isEqualTo(2)
                .jsonPath("$.numbers[0].number").isEqualTo(usNumber)
                .jsonPath("$.numbers[0].country").isEqualTo("US")
                .jsonPath("$.numbers[0].status").isEqualTo("active")
                .jsonPath("$.numbers[1].number").isEqualTo(gbNumber)
                .jsonPath("$.numbers[1].country").isEqualTo("GB");

        assertThat(allocated(session(), account, gb(), us())).isEqualTo(gbNumber);
        assertThat(meters.find("veil.pool.numbers").tag("country", "GB").gauge().value()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void addingIsIdempotentButANumberOfAnotherAccountIsAConflictAndNothingIsAdded() {
        String account = account();
        String mine = us();
        add(account, Map.of("numbers", List.of(mine))).expectStatus().isCreated();
        add(account, Map.of("numbers", List.of(mine))).expectStatus().isCreated()
                .expectBody().jsonPath("$.numbers[0].number").isEqualTo(mine);
        String fresh = us();

        add(account(), Map.of("numbers", List.of(fresh, mine)))
                .expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.error").isEqualTo("Number " + mine + " is in another account's pool.");

        web.get().uri("/internal/v1/pool/{a}/numbers/{n}", account(), fresh).exchange().expectStatus().isNotFound();
        assertThat(db.sql("SELECT count(*) FROM virtual_numbers WHERE number = :n").bind("n", fresh)
                .map(r -> r.get(0, Long.class)).one().block()).isZero();
    }

    @Test
    void assignedNumbersServeOnlyTheirSubaccountUntilReturned() {
        String account = account();
        String vn = us();
        add(account, Map.of("numbers", List.of(vn))).expectStatus().isCreated();

        web.post().uri("/internal/v1/pool/{a}/numbers/{n}", account, vn).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subaccount", SUBACCOUNT))
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.message").isEqualTo("Number assigned to the subaccount")
                .jsonPath("$.number.subaccount").isEqualTo(SUBACCOUNT);

        allocate(session(), account, us(), us(), null).expectStatus().isNotFound();
        allocate(Map.of("session_uuid", session(), "account_id", account, "first_party", us(), "second_party", us(),
                "subaccount", SUBACCOUNT)).expectStatus().isCreated();

        web.post().uri("/internal/v1/pool/{a}/numbers/{n}", account, vn).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subaccount", ""))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.number.subaccount").isEmpty();
        assertThat(allocated(session(), account, us(), us())).isEqualTo(vn);
    }

    @Test
    void listingShowsUtilisationAndFilters() {
        String account = account();
        String vn1 = us();
        String vn2 = us();
        String vn3 = gb();
        add(account, Map.of("numbers", List.of(vn1, vn2, vn3))).expectStatus().isCreated();
        add(account, Map.of("numbers", List.of(us()), "subaccount", SUBACCOUNT)).expectStatus().isCreated();
        String a = us();
        allocated(session(), account, a, us());
        allocated(session(), account, a, us());
        allocate(Map.of("session_uuid", session(), "account_id", account, "first_party", us(), "second_party", us(),
                "pins", List.of("1234", "4321"))).expectStatus().isCreated();

        web.get().uri("/internal/v1/pool/{a}/numbers?country=us&limit=2", account)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.meta.total_count").isEqualTo(3)
                .jsonPath("$.meta.limit").isEqualTo(2)
                .jsonPath("$.meta.next").isEqualTo("/internal/v1/pool/" + account + "/numbers?limit=2&offset=2")
                .jsonPath("$.meta.previous").isEmpty()
                .jsonPath("$.objects.length()").isEqualTo(2)
                .jsonPath("$.objects[0].number").isEqualTo(vn1)
                .jsonPath("$.objects[0].live_sessions").isEqualTo(2)
                .jsonPath("$.objects[0].bindings").isEqualTo(6)
                .jsonPath("$.objects[0].cooling_sessions").isEqualTo(0)
                .jsonPath("$.objects[1].number").isEqualTo(vn2)
                .jsonPath("$.objects[1].live_sessions").isEqualTo(1);
        web.get().uri("/internal/v1/pool/{a}/numbers?subaccount={s}", account, SUBACCOUNT)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.meta.total_count").isEqualTo(1)
                .jsonPath("$.objects[0].subaccount").isEqualTo(SUBACCOUNT);
        web.get().uri("/internal/v1/pool/{a}/numbers?offset=10", account)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.meta.total_count").isEqualTo(4)
                .jsonPath("$.objects.length()").isEqualTo(0);
    }

    @Test
    void retiredNumberKeepsItsLiveSessionsButTakesNoNewOnes() {
        String account = account();
        String vn = us();
        add(account, Map.of("numbers", List.of(vn))).expectStatus().isCreated();
        String live = session();
        allocated(live, account, us(), us());

        web.delete().uri("/internal/v1/pool/{a}/numbers/{n}", account, vn)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.message").isEqualTo("Number retired")
                .jsonPath("$.number.status").isEqualTo("retired")
                .jsonPath("$.number.live_sessions").isEqualTo(1);

        assertThat(status(live)).isEqualTo("reserved");
        assertThat(bindingsOf(live)).hasSize(2);
        allocate(session(), account, us(), us(), null)
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("No compatible virtual numbers found for country code US");
    }

    @Test
    void errorsArePlivoStyleWithAnApiId() {
        String account = account();
        add(account, Map.of("numbers", List.of("+1415"))).expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.error").isEqualTo("Invalid parameter. number is not a valid phone number.");
        add(account, Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Mandatory parameter missing. numbers must be present.");
        web.delete().uri("/internal/v1/pool/{a}/numbers/{n}", account, us())
                .exchange().expectStatus().isNotFound()
                .expectBody()
                .jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.error").isEqualTo("Number not found in the account's pool.");
        web.get().uri("/internal/v1/pool/{a}/numbers?limit=0", account)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Invalid parameter. limit must be between 1 and 100.");
        web.post().uri("/internal/v1/pool/{a}/numbers", account).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"numbers\": ")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.api_id").isNotEmpty().jsonPath("$.error").isEqualTo("Invalid request body.");
    }

    private WebTestClient.ResponseSpec add(String account, Map<String, ?> body) {
        return web.post().uri("/internal/v1/pool/{a}/numbers", account).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }
}
