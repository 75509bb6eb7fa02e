package dev.veil.allocation.reservation;

import dev.veil.allocation.RejectedRequestException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocationRequestTests {

    static final String SESSION = "0b3c6f4e-1d8a-4c52-9f1e-6a7b8c9d0e1f";
    static final String ACCOUNT = "MA123456789012345678";

    @Test
    void validRequestBecomesACommandWithNormalisedNumbersAndPartyBindings() {
        AllocationCommand command = new AllocationRequest(SESSION, ACCOUNT, "14155550123", "+442071838751", null)
                .validate();

        assertThat(command.firstParty().e164()).isEqualTo("+14155550123");
        assertThat(command.secondParty().country()).isEqualTo("GB");
        assertThat(command.fixedBindings()).containsExactly("party:+14155550123", "party:+442071838751");
        assertThat(command.geomatch()).as("geomatch defaults to true").isTrue();
        assertThat(command.country()).isEqualTo("US");
        assertThat(command.subaccount()).isNull();
        assertThat(command.generatePinLength()).isZero();
        assertThat(command.cooloffSeconds()).isZero();
        assertThat(command.requestKey()).isEqualTo("party:+14155550123,party:+442071838751");
    }

    @Test
    void geomatchFalseIsKept() {
        assertThat(new AllocationRequest(SESSION, ACCOUNT, "+14155550123", "+14155550124", false).validate()
                .geomatch()).isFalse();
    }

    @Test
    void missingFieldsAreNamed() {
        assertRejected(new AllocationRequest(null, ACCOUNT, "+14155550123", "+14155550124", null),
                "Mandatory parameter missing. session_uuid must be present.");
        assertRejected(new AllocationRequest(SESSION, " ", "+14155550123", "+14155550124", null),
                "Mandatory parameter missing. account_id must be present.");
        assertRejected(new AllocationRequest(SESSION, ACCOUNT, null, "", null),
                "Mandatory parameter missing. first_party must be present.");
    }

    @Test
    void singlePartyRequestBindsTheGivenPartyAndGeomatchesItsCountry() {
        AllocationCommand onlySecond = new AllocationRequest(SESSION, ACCOUNT, null, "+442071838751", null)
                .validate();
        assertThat(onlySecond.firstParty()).isNull();
        assertThat(onlySecond.fixedBindings()).containsExactly("party:+442071838751");
        assertThat(onlySecond.country()).isEqualTo("GB");

        AllocationCommand anyCaller = new AllocationRequest(SESSION, ACCOUNT, "+14155550123", null, null, null,
                null, null, true, null).validate();
        assertThat(anyCaller.fixedBindings()).containsExactly("party:+14155550123", "any");
    }

    @Test
    void optionsBecomeBindingsAndPartOfTheRequestKey() {
        AllocationCommand pins = new AllocationRequest(SESSION, ACCOUNT, "+14155550123", "+14155550124", null,
                "SA123456789012345678", java.util.List.of("1234", "4321"), null, null, 300).validate();
        assertThat(pins.fixedBindings())
                .containsExactly("party:+14155550123", "party:+14155550124", "pin:1234", "pin:4321");
        assertThat(pins.subaccount()).isEqualTo("SA123456789012345678");
        assertThat(pins.cooloffSeconds()).isEqualTo(300);
        assertThat(pins.requestKey()).isEqualTo(
                "party:+14155550123,party:+14155550124,pin:1234,pin:4321,subaccount:SA123456789012345678");

        AllocationCommand generated = new AllocationRequest(SESSION, ACCOUNT, "+14155550123", "+14155550124", null,
                null, null, 6, null, null).validate();
        assertThat(generated.generatePinLength()).isEqualTo(6);
        assertThat(generated.requestKey()).isEqualTo("generate_pin:6,party:+14155550123,party:+14155550124");
    }

    @Test
    void invalidOptionsAreRejected() {
        assertRejected(options(java.util.List.of("12a4"), null, null, null),
                "Invalid parameter. A PIN must be 4 to 15 digits.");
        assertRejected(options(java.util.List.of("1234", "1234"), null, null, null),
                "Invalid parameter. first_party_pin and second_party_pin must be different.");
        assertRejected(options(java.util.List.of("1234"), 4, null, null),
                "Invalid parameter. pins and generate_pin_length cannot both be given.");
        assertRejected(options(null, 3, null, null),
                "Invalid parameter. generate_pin_length must be between 4 and 15.");
        assertRejected(options(null, null, true, null),
                "Invalid parameter. any_caller is only for single-party sessions without PIN.");
        assertRejected(options(null, null, null, 3601),
                "Invalid parameter. virtual_number_cooloff_period is outside the allowed range.");
    }

    private static AllocationRequest options(java.util.List<String> pins, Integer pinLength, Boolean anyCaller,
            Integer cooloff) {
        return new AllocationRequest(SESSION, ACCOUNT, "+14155550123", "+14155550124", null, null, pins, pinLength,
                anyCaller, cooloff);
    }

    @Test
    void invalidNumbersAreNamedWithoutRepeatingThem() {
        assertRejected(new AllocationRequest(SESSION, ACCOUNT, "+1415555", "+14155550124", null),
                "Invalid parameter. first_party is not a valid phone number.");
        assertRejected(new AllocationRequest(SESSION, ACCOUNT, "+14155550123", "not a number", null),
                "Invalid parameter. second_party is not a valid phone number.");
    }

    @Test
    void aPartyCannotCallItself() {
        assertRejected(new AllocationRequest(SESSION, ACCOUNT, "+14155550123", "14155550123", null),
                "Invalid parameter. first_party and second_party must be different numbers.");
    }

    @Test
    void overlongIdsAreRejected() {
        assertRejected(new AllocationRequest("x".repeat(65), ACCOUNT, "+14155550123", "+14155550124", null),
                "Invalid parameter. session_uuid must be at most 64 characters.");
    }

    private static void assertRejected(AllocationRequest request, String message) {
        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(RejectedRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
                .hasMessage(message);
    }
}
