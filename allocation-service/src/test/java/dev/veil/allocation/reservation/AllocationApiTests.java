package dev.veil.allocation.reservation;

import dev.veil.allocation.AllocationServiceIntegration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;

import java.util.Map;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.fr;
import static dev.veil.allocation.TestNumbers.gb;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocationApiTests extends AllocationServiceIntegration {

    @Autowired
    MeterRegistry meters;

    @Test
    void newAllocationIsReservedOnANumberOfTheAccountAndBindsBothParties() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        String a = us();
        String b = us();

        allocate(session, account, a, b, true)
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.session_uuid").isEqualTo(session)
                .jsonPath("$.virtual_number").isEqualTo(vn)
                .jsonPath("$.status").isEqualTo("reserved");

        assertThat(status(session)).isEqualTo("reserved");
        assertThat(bindingsOf(session)).containsExactlyInAnyOrder(vn + "|party:" + a, vn + "|party:" + b);
    }

    @Test
    void numbersWithoutPlusAreTheSameParties() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        String a = us();

        allocate(session, account, a.substring(1), us(), null).expectStatus().isCreated();

        assertThat(bindingsOf(session)).contains(vn + "|party:" + a);
    }

    @Test
    void repeatedRequestAnswersTheExistingAllocation() {
        String account = account();
        seed(account, us(), us());
        String session = session();
        String a = us();
        String b = us();
        String vn = allocated(session, account, a, b);

        allocate(session, account, a, b, true)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.session_uuid").isEqualTo(session)
                .jsonPath("$.virtual_number").isEqualTo(vn)
                .jsonPath("$.status").isEqualTo("reserved");

        assertThat(db.sql("SELECT count(*) FROM allocations WHERE session_uuid = :s").bind("s", session)
                .map(r -> r.get(0, Long.class)).one().block()).isEqualTo(1L);
        assertThat(bindingsOf(session)).hasSize(2);
    }

    @Test
    void sessionUuidReusedForOtherPartiesIsAConflict() {
        String account = account();
        seed(account, us(), us());
        String session = session();
        String a = us();
        allocated(session, account, a, us());

        allocate(session, account, a, us(), true)
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error")
                .isEqualTo("session_uuid is already allocated for a different request.");
        allocate(session, account(), a, us(), true).expectStatus().isEqualTo(409);
    }

    @Test
    void partyBoundToANumberGetsAnotherWhileUnrelatedPairsShareIt() {
        String account = account();
        String vn1 = us();
        String vn2 = us();
        seed(account, vn1, vn2);
        String a = us();
        String b = us();
        String c = us();
        String d = us();

        assertThat(allocated(session(), account, a, b)).isEqualTo(vn1);
        // A is bound to VN1, so (A, C) must not go there.
        assertThat(allocated(session(), account, a, c)).isEqualTo(vn2);
        // Neither C nor D is bound to VN1: it may host them too.
        assertThat(allocated(session(), account, c, d)).isEqualTo(vn1);
    }

    @Test
    void newPairGoesToTheNumberHostingTheMostLiveSessions() {
        String account = account();
        String vn1 = us();
        String vn2 = us();
        seed(account, vn1, vn2);
        String a = us();
        String b = us();

        assertThat(allocated(session(), account, a, b)).isEqualTo(vn1);
        assertThat(allocated(session(), account, a, us())).isEqualTo(vn2);
        assertThat(allocated(session(), account, b, us())).isEqualTo(vn2);

        // VN2 hosts two sessions and VN1 one: an unrelated pair is packed onto VN2 although VN1 sorts first.
        assertThat(allocated(session(), account, us(), us())).isEqualTo(vn2);
    }

    @Test
    void noNumberFreeOfBothPartiesIs400PoolExhausted() {
        String account = account();
        seed(account, us());
        String a = us();
        allocated(session(), account, a, us());
        double before = outcomes("pool_exhausted");
        String refused = session();

        allocate(refused, account, a, us(), true)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Number pool exhausted or not available.");

        assertThat(status(refused)).isNull();
        assertThat(outcomes("pool_exhausted")).isEqualTo(before + 1);
    }

    @Test
    void geomatchWithoutANumberInTheFirstPartysCountryIs404NamingTheCountry() {
        String account = account();
        seed(account, gb());
        double before = outcomes("no_country_match");

        allocate(session(), account, us(), gb(), null)
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error")
                .isEqualTo("No compatible virtual numbers found for country code US");

        assertThat(outcomes("no_country_match")).isEqualTo(before + 1);
    }

    @Test
    void geomatchTakesOnlyNumbersOfTheFirstPartysCountry() {
        String account = account();
        String usNumber = us();
        String gbNumber = gb();
        seed(account, usNumber, gbNumber);

        assertThat(allocated(session(), account, gb(), us())).isEqualTo(gbNumber);
        assertThat(allocated(session(), account, us(), gb())).isEqualTo(usNumber);
    }

    @Test
    void geomatchFalseTakesANumberOfAnotherCountry() {
        String account = account();
        String gbNumber = gb();
        seed(account, gbNumber);

        allocate(session(), account, us(), fr(), false)
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.virtual_number").isEqualTo(gbNumber);
    }

    @Test
    void accountWithoutNumbersIsExhaustedWhenGeomatchIsOff() {
        allocate(session(), account(), us(), us(), false)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Number pool exhausted or not available.");
    }

    @Test
    void retiredNumbersAreNeverAllocated() {
        String account = account();
        seedWithStatus(account, us(), "retired");

        allocate(session(), account, us(), us(), null)
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("No compatible virtual numbers found for country code US");
    }

    @Test
    void anotherAccountsNumbersAreNeverAllocated() {
        String owner = account();
        seed(owner, us());

        allocate(session(), account(), us(), us(), null).expectStatus().isNotFound();
    }

    @Test
    void invalidRequestsAre400WithPlivoMessagesAndStoreNothing() {
        String account = account();
        seed(account, us());
        String session = session();
        String a = us();

        allocate(session, account, "12345", us(), null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error")
                .isEqualTo("Invalid parameter. first_party is not a valid phone number.");
        allocate(session, account, a, "+1415", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error")
                .isEqualTo("Invalid parameter. second_party is not a valid phone number.");
        allocate(session, account, a, a, null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error")
                .isEqualTo("Invalid parameter. first_party and second_party must be different numbers.");
        web.post().uri("/internal/v1/allocations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("session_uuid", session, "account_id", account))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error")
                .isEqualTo("Mandatory parameter missing. first_party must be present.");
        web.post().uri("/internal/v1/allocations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"session_uuid\": ")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Invalid request body.");

        assertThat(status(session)).isNull();
    }

    @Test
    void uniqueConstraintItselfRejectsASecondBindingOfAPartyOnANumber() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String a = us();
        allocated(session(), account, a, us());
        String intruder = session();
        db.sql("""
                        INSERT INTO allocations (session_uuid, account_id, virtual_number, status, reserved_at)
                        VALUES (:s, :a, :vn, 'reserved', now())""")
                .bind("s", intruder).bind("a", account).bind("vn", vn).then().block();

        assertThatThrownBy(() -> db.sql(
                        "INSERT INTO bindings (virtual_number, binding, session_uuid) VALUES (:vn, :b, :s)")
                .bind("vn", vn).bind("b", "party:" + a).bind("s", intruder).then().block())
                .isInstanceOf(DuplicateKeyException.class);
    }

    private double outcomes(String outcome) {
        var counter = meters.find("veil.allocations").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
