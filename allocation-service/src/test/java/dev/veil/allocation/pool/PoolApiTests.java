package dev.veil.allocation.pool;

import dev.veil.allocation.AllocationServiceIntegration;
import dev.veil.allocation.TestParty;
import dev.veil.testsupport.FakeSessionService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
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
import static dev.veil.allocation.TestParty.party;
import static org.assertj.core.api.Assertions.assertThat;

class PoolApiTests extends AllocationServiceIntegration {

    static final String SUBACCOUNT = "SA000000000000000042";
    static final String NUMBERS = "/v1/Account/{a}/Masking/Number";

    @Autowired
    MeterRegistry meters;

    /** Sends each request with the credentials of the account in its path, as its owner would. */
    private WebTestClient owner;

    @BeforeEach
    void ownerCredentials() {
        owner = web.mutate().filter(FakeSessionService.asPathOwner()).build();
    }

    @Test
    void withoutOrWithWrongCredentialsIs401AndWithAnotherAccountsIs404() {
        String account = account();
        String vn = us();
        add(account, Map.of("numbers", List.of(vn))).expectStatus().isCreated();

        web.get().uri(NUMBERS, account).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.api_id").isNotEmpty().jsonPath("$.error").isNotEmpty();
        web.post().uri(NUMBERS, account).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("numbers", List.of(us()))).exchange().expectStatus().isUnauthorized();
        web.get().uri(NUMBERS, account).headers(h -> h.setBasicAuth(account, "wrong"))
                .exchange().expectStatus().isUnauthorized();

        String other = account();
        owner.get().uri(NUMBERS, account).headers(h -> h.setBasicAuth(other, FakeSessionService.token(other)))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.api_id").isNotEmpty().jsonPath("$.error").isEqualTo("Account not found");
        owner.delete().uri(NUMBERS + "/{n}", account, vn)
                .headers(h -> h.setBasicAuth(other, FakeSessionService.token(other)))
                .exchange().expectStatus().isNotFound();
        owner.get().uri(NUMBERS + "/{n}", account, vn).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.number.status").isEqualTo("active");
    }

    @Test
    void aSubaccountListsOnlyItsAssignedNumbersAndCannotChangeThePool() {
        String account = account();
        String sub = "SA" + account.substring(2);
        FakeSessionService.get().addSubaccount(account, sub);
        String own = us();
        String assigned = us();
        add(account, Map.of("numbers", List.of(own))).expectStatus().isCreated();
        add(account, Map.of("numbers", List.of(assigned), "subaccount", sub)).expectStatus().isCreated();

        owner.get().uri(NUMBERS, sub).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.meta.total_count").isEqualTo(1)
                .jsonPath("$.objects[0].number").isEqualTo(assigned);
        // The main account looking at its subaccount's path sees the same.
        owner.get().uri(NUMBERS, sub).headers(h -> h.setBasicAuth(account, FakeSessionService.token(account)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.meta.total_count").isEqualTo(1);
        owner.get().uri(NUMBERS + "/{n}", sub, own).exchange().expectStatus().isNotFound();
        owner.get().uri(NUMBERS + "/{n}", sub, assigned).exchange().expectStatus().isOk();
        owner.get().uri(NUMBERS, account).headers(h -> h.setBasicAuth(sub, FakeSessionService.token(sub)))
                .exchange().expectStatus().isNotFound();

        owner.delete().uri(NUMBERS + "/{n}", sub, assigned).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("Only the main account may change its number pool.");
        add(sub, Map.of("numbers", List.of(us()))).expectStatus().isForbidden();
        owner.get().uri(NUMBERS + "/{n}", account, assigned).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.number.status").isEqualTo("active");

        add(account, Map.of("numbers", List.of(us()), "subaccount", "SANOTMINE0000000001")).expectStatus()
                .isBadRequest().expectBody().jsonPath("$.error")
                .isEqualTo("Invalid parameter. subaccount is not a subaccount of this account.");
    }

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

        assertThat(allocated(session(), account, party("GB"), party())).isEqualTo(gbNumber);
        assertThat(meters.find("veil.pool.numbers").tag("country", "GB").gauges().stream()
                .filter(g -> !"retired".equals(g.getId().getTag("state"))).mapToDouble(Gauge::value).sum())
                .isGreaterThanOrEqualTo(1);
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

        owner.get().uri("/v1/Account/{a}/Masking/Number/{n}", account(), fresh).exchange().expectStatus().isNotFound();
        assertThat(db.sql("SELECT count(*) FROM virtual_numbers WHERE number = :n").bind("n", fresh)
                .map(r -> r.get(0, Long.class)).one().block()).isZero();
    }

    @Test
    void assignedNumbersServeOnlyTheirSubaccountUntilReturned() {
        String account = account();
        FakeSessionService.get().addSubaccount(account, SUBACCOUNT);
        String vn = us();
        add(account, Map.of("numbers", List.of(vn))).expectStatus().isCreated();

        owner.post().uri("/v1/Account/{a}/Masking/Number/{n}", account, vn).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subaccount", SUBACCOUNT))
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.message").isEqualTo("Number assigned to the subaccount")
                .jsonPath("$.number.subaccount").isEqualTo(SUBACCOUNT);

        allocate(session(), account, party(), party(), null).expectStatus().isNotFound();
        allocate(request(session(), account, party(), party(), "subaccount", SUBACCOUNT)).expectStatus().isCreated();

        owner.post().uri("/v1/Account/{a}/Masking/Number/{n}", account, vn).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subaccount", ""))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.number.subaccount").isEmpty();
        assertThat(allocated(session(), account, party(), party())).isEqualTo(vn);
    }

    @Test
    void listingShowsUtilisationAndFilters() {
        String account = account();
        FakeSessionService.get().addSubaccount(account, SUBACCOUNT);
        String vn1 = us();
        String vn2 = us();
        String vn3 = gb();
        add(account, Map.of("numbers", List.of(vn1, vn2, vn3))).expectStatus().isCreated();
        add(account, Map.of("numbers", List.of(us()), "subaccount", SUBACCOUNT)).expectStatus().isCreated();
        TestParty a = party();
        allocated(session(), account, a, party());
        allocated(session(), account, a, party());
        allocate(request(session(), account, party(), party(), "pins", List.of("1234", "4321"))).expectStatus()
                .isCreated();

        owner.get().uri("/v1/Account/{a}/Masking/Number?country=us&limit=2", account)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.meta.total_count").isEqualTo(3)
                .jsonPath("$.meta.limit").isEqualTo(2)
                .jsonPath("$.meta.next").isEqualTo("/v1/Account/" + account + "/Masking/Number?limit=2&offset=2")
                .jsonPath("$.meta.previous").isEmpty()
                .jsonPath("$.objects.length()").isEqualTo(2)
                .jsonPath("$.objects[0].number").isEqualTo(vn1)
                .jsonPath("$.objects[0].live_sessions").isEqualTo(2)
                .jsonPath("$.objects[0].bindings").isEqualTo(6)
                .jsonPath("$.objects[0].cooling_sessions").isEqualTo(0)
                .jsonPath("$.objects[1].number").isEqualTo(vn2)
                .jsonPath("$.objects[1].live_sessions").isEqualTo(1);
        owner.get().uri("/v1/Account/{a}/Masking/Number?subaccount={s}", account, SUBACCOUNT)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.meta.total_count").isEqualTo(1)
                .jsonPath("$.objects[0].subaccount").isEqualTo(SUBACCOUNT);
        owner.get().uri("/v1/Account/{a}/Masking/Number?offset=10", account)
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
        allocated(live, account, party(), party());

        owner.delete().uri("/v1/Account/{a}/Masking/Number/{n}", account, vn)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.message").isEqualTo("Number retired")
                .jsonPath("$.number.status").isEqualTo("retired")
                .jsonPath("$.number.live_sessions").isEqualTo(1);

        assertThat(status(live)).isEqualTo("reserved");
        assertThat(bindingsOf(live)).hasSize(2);
        allocate(session(), account, party(), party(), null)
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
        owner.delete().uri("/v1/Account/{a}/Masking/Number/{n}", account, us())
                .exchange().expectStatus().isNotFound()
                .expectBody()
                .jsonPath("$.api_id").isNotEmpty()
                .jsonPath("$.error").isEqualTo("Number not found in the account's pool.");
        owner.get().uri("/v1/Account/{a}/Masking/Number?limit=0", account)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Invalid parameter. limit must be between 1 and 100.");
        owner.post().uri("/v1/Account/{a}/Masking/Number", account).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"numbers\": ")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.api_id").isNotEmpty().jsonPath("$.error").isEqualTo("Invalid request body.");
    }

    private WebTestClient.ResponseSpec add(String account, Map<String, ?> body) {
        return owner.post().uri("/v1/Account/{a}/Masking/Number", account).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }
}
