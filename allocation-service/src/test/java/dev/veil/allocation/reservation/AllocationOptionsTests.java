package dev.veil.allocation.reservation;

import dev.veil.allocation.AllocationServiceIntegration;
import dev.veil.allocation.TestParty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.veil.allocation.TestNumbers.account;
import static dev.veil.allocation.TestNumbers.gb;
import static dev.veil.allocation.TestNumbers.session;
import static dev.veil.allocation.TestNumbers.us;
import static dev.veil.allocation.TestParty.party;
import static org.assertj.core.api.Assertions.assertThat;

/** The optional fields of contract 1: subaccount pools, PINs, generated PINs, "any caller", single-party sessions. */
class AllocationOptionsTests extends AllocationServiceIntegration {

    @Test
    void subaccountTakesOnlyItsAssignedNumbersAndTheMainAccountOnlyItsUnassignedOnes() {
        String account = account();
        String own = us();
        String assigned = us();
        seed(account, own);
        seedAssigned(account, "SA00000000000000001", assigned);

        assertThat(virtualNumber(request(session(), account, party(), party()))).isEqualTo(own);
        assertThat(virtualNumber(request(session(), account, party(), party(), "subaccount", "SA00000000000000001")))
                .isEqualTo(assigned);
        allocate(request(session(), account, party(), party(), "subaccount", "SA00000000000000002"))
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("No compatible virtual numbers found for country code US");
    }

    @Test
    void aPinIsUniqueAmongTheNumbersLiveSessions() {
        String account = account();
        String vn1 = us();
        String vn2 = us();
        seed(account, vn1, vn2);
        String first = session();

        assertThat(virtualNumber(withPins(first, account, "1234", "4321"))).isEqualTo(vn1);
        // 1234 is taken on VN1, so this session goes to VN2 although its parties are free on VN1.
        assertThat(virtualNumber(withPins(session(), account, "1234", "5555"))).isEqualTo(vn2);
        // Both numbers host one session; other PINs pack onto the first again.
        assertThat(virtualNumber(withPins(session(), account, "7777", "8888"))).isEqualTo(vn1);
        allocate(withPins(session(), account, "1234", "4321"))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Number pool exhausted or not available.");
        assertThat(bindingsOf(first)).contains(vn1 + "|pin:1234", vn1 + "|pin:4321");
    }

    @Test
    void generatedPinsAreTwoDistinctFreePinsReturnedAgainOnARepeat() {
        String account = account();
        String vn = us();
        seed(account, vn);
        String session = session();
        Map<String, Object> body = request(session, account, party(), party(), "generate_pin_length", 6);

        Map<?, ?> created = allocate(body).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String firstPin = (String) created.get("first_party_pin");
        String secondPin = (String) created.get("second_party_pin");

        assertThat(firstPin).matches("[0-9]{6}").isNotEqualTo(secondPin);
        assertThat(secondPin).matches("[0-9]{6}");
        assertThat(bindingsOf(session)).contains(vn + "|pin:" + firstPin, vn + "|pin:" + secondPin);
        allocate(body).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.first_party_pin").isEqualTo(firstPin)
                .jsonPath("$.second_party_pin").isEqualTo(secondPin);
    }

    @Test
    void anyCallerBindingAllowsOneSinglePartySessionWithoutPinPerNumber() {
        String account = account();
        String vn1 = us();
        String vn2 = us();
        seed(account, vn1, vn2);
        String first = session();

        assertThat(virtualNumber(request(first, account, party(), null, "any_caller", true))).isEqualTo(vn1);
        assertThat(virtualNumber(request(session(), account, null, party(), "any_caller", true))).isEqualTo(vn2);
        allocate(request(session(), account, party(), null, "any_caller", true)).expectStatus().isBadRequest();
        assertThat(bindingsOf(first)).hasSize(2).contains(vn1 + "|any");
    }

    @Test
    void singlePartySessionGeomatchesTheGivenPartysCountry() {
        String account = account();
        String gbNumber = gb();
        seed(account, us(), gbNumber);
        String session = session();
        TestParty given = party("GB");

        assertThat(virtualNumber(request(session, account, null, given))).isEqualTo(gbNumber);
        assertThat(bindingsOf(session)).containsExactly(gbNumber + "|party:" + given.index());
    }

    private static Map<String, Object> withPins(String session, String account, String firstPin, String secondPin) {
        return request(session, account, party(), party(), "pins", List.of(firstPin, secondPin));
    }

    private String virtualNumber(Map<String, ?> request) {
        return allocate(request).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("virtual_number").toString();
    }
}
