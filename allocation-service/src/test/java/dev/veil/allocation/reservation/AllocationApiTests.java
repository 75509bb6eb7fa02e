package dev.veil.allocation.reservation;

import dev.veil.allocation.AllocationServiceIntegration;
import dev.veil.allocation.TestParty;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;

import java.util.Map;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.gb;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
import static dev.veil.allocation.TestParty.party;
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
        TestParty a = party();
        TestParty b = party();

        allocate(session, account, a, b, true)
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.session_uuid").isEqualTo(session)
                .jsonPath("$.virtual_number").isEqualTo(vn)
                .jsonPath("$.status").isEqualTo("reserved");

        assertThat(status(session)).isEqualTo("reserved");
        assertThat(bindingsOf(session))
                .containsExactlyInAnyOrder(vn + "|party:" + a.index(), vn + "|party:" + b.index());
    }

    @Test
    void repeatedRequestAnswersTheExistingAllocation() {
        String account = account();
        seed(account, us(), us());
        String session = session();
        TestParty a = party();
        TestParty b = party();
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
        TestParty a = party();
        allocated(session, account, a, party());

        allocate(session, account, a, party(), true)
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error")
                .isEqualTo("session_uuid is already allocated for a different request.");
        allocate(session, account(), a, party(), true).expectStatus().isEqualTo(409);
    }

    @Test
    void partyBoundToANumberGetsAnotherWhileUnrelatedPairsShareIt() {
        String account = account();
        String vn1 = us();
        String vn2 = us();
        seed(account, vn1, vn2);
        TestParty a = party();
        TestParty b = party();
        TestParty c = party();
        TestParty d = party();

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
        TestParty a = party();
        TestParty b = party();

        assertThat(allocated(session(), account, a, b)).isEqualTo(vn1);
        assertThat(allocated(session(), account, a, party())).isEqualTo(vn2);
        assertThat(allocated(session(), account, b, party())).isEqualTo(vn2);

        // VN2 hosts two sessions and VN1 one: an unrelated pair is packed onto VN2 although VN1 sorts first.
        assertThat(allocated(session(), account, party(), party())).isEqualTo(vn2);
    }

    @Test
    void noNumberFreeOfBothPartiesIs400PoolExhausted() {
        String account = account();
        seed(account, us());
        TestParty a = party();
        allocated(session(), account, a, party());
        double before = outcomes("pool_exhausted");
        String refused = session();

        allocate(refused, account, a, party(), true)
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

        allocate(session(), account, party(), party("GB"), null)
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

        assertThat(allocated(session(), account, party("GB"), party())).isEqualTo(gbNumber);
        assertThat(allocated(session(), account, party(), party("GB"))).isEqualTo(usNumber);
    }

    @Test
    void geomatchFalseTakesANumberOfAnotherCountry() {
        String account = account();
        String gbNumber = gb();
        seed(account, gbNumber);

        allocate(session(), account, party(), party("FR"), false)
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.virtual_number").isEqualTo(gbNumber);
    }

    @Test
    void accountWithoutNumbersIsExhaustedWhenGeomatchIsOff() {
        allocate(session(), account(), party(), party(), false)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Number pool exhausted or not available.");
    }

    @Test
    void retiredNumbersAreNeverAllocated() {
        String account = account();
        seedWithStatus(account, us(), "retired");

        allocate(session(), account, party(), party(), null)
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("No compatible virtual numbers found for country code US");
    }

    @Test
    void anotherAccountsNumbersAreNeverAllocated() {
        String owner = account();
        seed(owner, us());

        allocate(session(), account(), party(), party(), null).expectStatus().isNotFound();
    }

    @Test
    void invalidPartiesAre400WithPlivoMessagesAndStoreNothing() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        TestParty a = party();
        TestParty b = party("GB");

        // A number where an index belongs, and an index one character short.
        rejected(request(session, account, new TestParty("+14155550123", "US"), b),
                "Invalid parameter. first_party_index is not a valid blind index.");
        rejected(request(session, account, a, new TestParty(b.index().substring(1), "GB")),
                "Invalid parameter. second_party_index is not a valid blind index.");
        rejected(request(session, account, null, b, "first_party_index", a.index()),
                "Mandatory parameter missing. first_party_country must be present.");
        rejected(request(session, account, a, null, "second_party_index", b.index()),
                "Mandatory parameter missing. second_party_country must be present.");
        rejected(request(session, account, new TestParty(a.index(), "us"), b),
                "Invalid parameter. first_party_country is not a valid country code.");
        rejected(request(session, account, a, new TestParty(b.index(), "GBR")),
                "Invalid parameter. second_party_country is not a valid country code.");
        rejected(request(session, account, null, null),
                "Mandatory parameter missing. first_party_index must be present.");
        // A country names no party without its index.
        rejected(request(session, account, null, null, "first_party_country", "US"),
                "Mandatory parameter missing. first_party_index must be present.");
        // The numbers of the previous contract are not read: this service takes no number.
        rejected(request(session, account, null, null, "first_party", "+14155550123", "second_party", "+14155550124"),
                "Mandatory parameter missing. first_party_index must be present.");
        rejected(request(session, account, a, new TestParty(a.index(), "GB")),
                "Invalid parameter. first_party and second_party must be different numbers.");
        web.post().uri("/internal/v1/allocations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"session_uuid\": ")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Invalid request body.");

        assertThat(status(session)).isNull();
        assertThat(bindingsOf(session)).isEmpty();
        assertThat(liveSessions(vn)).isZero();
        // The same session with valid parties is allocated: the refusals left nothing behind.
        assertThat(allocated(session, account, a, b)).isEqualTo(vn);
    }

    private void rejected(Map<String, Object> request, String error) {
        allocate(request).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo(error);
    }

    @Test
    void uniqueConstraintItselfRejectsASecondBindingOfAPartyOnANumber() {
        String account = account();
        String vn = us();
        seed(account, vn);
        TestParty a = party();
        allocated(session(), account, a, party());
        String intruder = session();
        db.sql("""
                        INSERT INTO allocations (session_uuid, account_id, virtual_number, status, reserved_at)
                        VALUES (:s, :a, :vn, 'reserved', now())""")
                .bind("s", intruder).bind("a", account).bind("vn", vn).then().block();

        assertThatThrownBy(() -> db.sql(
                        "INSERT INTO bindings (virtual_number, binding, session_uuid) VALUES (:vn, :b, :s)")
                .bind("vn", vn).bind("b", "party:" + a.index()).bind("s", intruder).then().block())
                .isInstanceOf(DuplicateKeyException.class);
    }

    private double outcomes(String outcome) {
        var counter = meters.find("veil.allocations").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
