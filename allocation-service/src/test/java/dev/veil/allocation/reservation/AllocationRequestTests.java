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
        assertThat(command.firstBinding()).isEqualTo("party:+14155550123");
        assertThat(command.secondBinding()).isEqualTo("party:+442071838751");
        assertThat(command.geomatch()).as("geomatch defaults to true").isTrue();
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
        assertRejected(new AllocationRequest(SESSION, ACCOUNT, null, "+14155550124", null),
                "Mandatory parameter missing. first_party must be present.");
        assertRejected(new AllocationRequest(SESSION, ACCOUNT, "+14155550123", "", null),
                "Mandatory parameter missing. second_party must be present.");
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
