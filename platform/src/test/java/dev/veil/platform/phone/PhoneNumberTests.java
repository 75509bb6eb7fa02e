package dev.veil.platform.phone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhoneNumberTests {

    @Test
    void acceptsNumbersWithAndWithoutPlus() {
        assertThat(PhoneNumber.parse("14155550100")).isEqualTo(PhoneNumber.parse("+14155550100"));
        PhoneNumber india = PhoneNumber.parse("917708772011");
        assertThat(india.e164()).isEqualTo("+917708772011");
        assertThat(india.digits()).isEqualTo("917708772011");
        assertThat(india.country()).isEqualTo("IN");
        assertThat(PhoneNumber.parse(" +442071838750 ").country()).isEqualTo("GB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "+1", "12345", "+999123456789", "+1415555010012345"})
    void rejectsInvalidNumbersWithoutEchoingThem(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw)).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("not a valid phone number in E.164 format");
    }

    @Test
    void redactedFormHidesAllButTheLastTwoDigits() {
        PhoneNumber number = PhoneNumber.parse("+14155550123");
        assertThat(number.redacted()).isEqualTo("US…23").doesNotContain("4155550");
        assertThat(number.toString()).isEqualTo(number.redacted());
    }
}
