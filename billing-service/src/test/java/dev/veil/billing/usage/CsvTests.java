package dev.veil.billing.usage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTests {

    @Test
    void writesPlainFieldsAsTheyAreAndNullsAsEmpty() {
        assertThat(Csv.row("2026-01-01", "call", null, 3, "0.01000")).isEqualTo("2026-01-01,call,,3,0.01000\r\n");
    }

    @Test
    void quotesFieldsHoldingSeparatorsQuotesOrLineBreaks() {
        assertThat(Csv.row("a,b", "say \"hi\"", "two\nlines", "x"))
                .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",x\r\n");
    }
}
