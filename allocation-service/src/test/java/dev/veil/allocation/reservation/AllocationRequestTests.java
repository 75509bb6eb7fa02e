package dev.veil.allocation.reservation;

import dev.veil.allocation.RejectedRequestException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocationRequestTests {

    static final String SESSION = "0b3c6f4e-1d8a-4c52-9f1e-6a7b8c9d0e1f";
    static final String ACCOUNT = "MA123456789012345678";
    /** Two blind indexes; the first sorts before the second. */
    static final String A = "Fq0-7cVbWzK1xR_2mNpT4g";
    static final String B = "tH9_uE3sJd-6YaLk0QwXbA";

    @Test
    void validRequestBecomesACommandWithItsPartiesAndTheirBindings() {
        AllocationCommand command = twoParties(A, "US", B, "GB", null).validate();

        assertThat(command.firstParty()).isEqualTo(new AllocationCommand.Party(A, "US"));
        assertThat(command.secondParty()).isEqualTo(new AllocationCommand.Party(B, "GB"));
        assertThat(command.fixedBindings()).containsExactly("party:" + A, "party:" + B);
        assertThat(command.geomatch()).as("geomatch defaults to true").isTrue();
        assertThat(command.country()).as("the first party's").isEqualTo("US");
        assertThat(command.subaccount()).isNull();
        assertThat(command.generatePinLength()).isZero();
        assertThat(command.cooloffSeconds()).isZero();
        assertThat(command.requestKey()).isEqualTo("party:" + A + ",party:" + B);
        assertThat(command.redactedParties()).isEqualTo("US and GB").doesNotContain(A, B);
    }

    @Test
    void geomatchFalseIsKept() {
        assertThat(twoParties(A, "US", B, "US", false).validate().geomatch()).isFalse();
    }

    @Test
    void missingFieldsAreNamed() {
        assertRejected(new AllocationRequest(null, ACCOUNT, A, B, "US", "US", null, null, null, null, null, null),
                "Mandatory parameter missing. session_uuid must be present.");
        assertRejected(new AllocationRequest(SESSION, " ", A, B, "US", "US", null, null, null, null, null, null),
                "Mandatory parameter missing. account_id must be present.");
        assertRejected(twoParties(null, "US", "", "GB", null),
                "Mandatory parameter missing. first_party_index must be present.");
        assertRejected(twoParties(A, null, B, "GB", null),
                "Mandatory parameter missing. first_party_country must be present.");
        assertRejected(twoParties(A, "US", B, " ", null),
                "Mandatory parameter missing. second_party_country must be present.");
    }

    @Test
    void singlePartyRequestBindsTheGivenPartyAndGeomatchesItsCountry() {
        AllocationCommand onlySecond = twoParties(null, null, B, "GB", null).validate();
        assertThat(onlySecond.firstParty()).isNull();
        assertThat(onlySecond.fixedBindings()).containsExactly("party:" + B);
        assertThat(onlySecond.country()).isEqualTo("GB");
        assertThat(onlySecond.redactedParties()).isEqualTo("- and GB");

        AllocationCommand anyCaller = new AllocationRequest(SESSION, ACCOUNT, A, null, "US", null, null, null,
                null, null, true, null).validate();
        assertThat(anyCaller.fixedBindings()).containsExactly("party:" + A, "any");
    }

    @Test
    void optionsBecomeBindingsAndPartOfTheRequestKey() {
        AllocationCommand pins = new AllocationRequest(SESSION, ACCOUNT, A, B, "US", "US", null,
                "SA123456789012345678", List.of("1234", "4321"), null, null, 300).validate();
        assertThat(pins.fixedBindings()).containsExactly("party:" + A, "party:" + B, "pin:1234", "pin:4321");
        assertThat(pins.subaccount()).isEqualTo("SA123456789012345678");
        assertThat(pins.cooloffSeconds()).isEqualTo(300);
        assertThat(pins.requestKey()).isEqualTo(
                "party:" + A + ",party:" + B + ",pin:1234,pin:4321,subaccount:SA123456789012345678");

        AllocationCommand generated = new AllocationRequest(SESSION, ACCOUNT, A, B, "US", "US", null, null, null,
                6, null, null).validate();
        assertThat(generated.generatePinLength()).isEqualTo(6);
        assertThat(generated.requestKey()).isEqualTo("generate_pin:6,party:" + A + ",party:" + B);
    }

    @Test
    void invalidOptionsAreRejected() {
        assertRejected(options(List.of("12a4"), null, null, null),
                "Invalid parameter. A PIN must be 4 to 15 digits.");
        assertRejected(options(List.of("1234", "1234"), null, null, null),
                "Invalid parameter. first_party_pin and second_party_pin must be different.");
        assertRejected(options(List.of("1234"), 4, null, null),
                "Invalid parameter. pins and generate_pin_length cannot both be given.");
        assertRejected(options(null, 3, null, null),
                "Invalid parameter. generate_pin_length must be between 4 and 15.");
        assertRejected(options(null, null, true, null),
                "Invalid parameter. any_caller is only for single-party sessions without PIN.");
        assertRejected(options(null, null, null, 3601),
                "Invalid parameter. virtual_number_cooloff_period is outside the allowed range.");
    }

    @Test
    void invalidIndexesAndCountriesAreNamed() {
        // A phone number is not an index: nor is anything but 22 characters of Base64url.
        assertRejected(twoParties("+14155550123", "US", B, "GB", null),
                "Invalid parameter. first_party_index is not a valid blind index.");
        assertRejected(twoParties(A, "US", B + "A", "GB", null),
                "Invalid parameter. second_party_index is not a valid blind index.");
        assertRejected(twoParties(A, "US", "tH9/uE3sJd+6YaLk0QwXbA", "GB", null),
                "Invalid parameter. second_party_index is not a valid blind index.");
        assertRejected(twoParties(A, "us", B, "GB", null),
                "Invalid parameter. first_party_country is not a valid country code.");
        assertRejected(twoParties(A, "US", B, "GBR", null),
                "Invalid parameter. second_party_country is not a valid country code.");
    }

    @Test
    void aCountryWithoutItsIndexNamesNoParty() {
        AllocationCommand command = twoParties(null, "FR", B, "GB", null).validate();

        assertThat(command.firstParty()).isNull();
        assertThat(command.country()).isEqualTo("GB");
    }

    @Test
    void aPartyCannotCallItself() {
        assertRejected(twoParties(A, "US", A, "US", null),
                "Invalid parameter. first_party and second_party must be different numbers.");
    }

    @Test
    void overlongIdsAreRejected() {
        assertRejected(new AllocationRequest("x".repeat(65), ACCOUNT, A, B, "US", "US", null, null, null, null,
                        null, null),
                "Invalid parameter. session_uuid must be at most 64 characters.");
    }

    /** A request for two parties (either may be null) without options. */
    private static AllocationRequest twoParties(String firstIndex, String firstCountry, String secondIndex,
            String secondCountry, Boolean geomatch) {
        return new AllocationRequest(SESSION, ACCOUNT, firstIndex, secondIndex, firstCountry, secondCountry,
                geomatch, null, null, null, null, null);
    }

    private static AllocationRequest options(List<String> pins, Integer pinLength, Boolean anyCaller,
            Integer cooloff) {
        return new AllocationRequest(SESSION, ACCOUNT, A, B, "US", "US", null, null, pins, pinLength, anyCaller,
                cooloff);
    }

    private static void assertRejected(AllocationRequest request, String message) {
        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(RejectedRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
                .hasMessage(message);
    }
}
