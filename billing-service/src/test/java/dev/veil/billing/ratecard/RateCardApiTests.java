package dev.veil.billing.ratecard;

import dev.veil.billing.BillingIntegration;
import org.junit.jupiter.api.Test;

import java.util.UUID;

class RateCardApiTests extends BillingIntegration {

    private static String account() {
        return "MAADMIN" + UUID.randomUUID().toString().replace("-", "").substring(0, 13).toUpperCase();
    }

    @Test
    void anAccountWithoutACardIsRatedWithTheDefaultFromConfiguration() {
        String account = account();
        web.get().uri("/admin/v1/rate-cards/{a}", account)
                .headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.account_id").isEqualTo(account)
                .jsonPath("$.source").isEqualTo("default")
                .jsonPath("$.currency").isEqualTo("USD")
                .jsonPath("$.session_fee").isEqualTo("0")
                .jsonPath("$.default.rate_per_minute").isEqualTo("0.0050")
                .jsonPath("$.default.initial_increment_seconds").isEqualTo(60)
                .jsonPath("$.default.subsequent_increment_seconds").isEqualTo(60)
                .jsonPath("$.countries.length()").isEqualTo(0);
    }

    @Test
    void putReplacesTheCardAndDeleteRestoresTheDefault() {
        String account = account();
        putRateCard(account, """
                {"currency": "GBP", "session_fee": "0.25",
                 "default": {"rate_per_minute": "0.0040", "initial_increment_seconds": 30,
                             "subsequent_increment_seconds": 6},
                 "countries": [{"country": "gb", "direction": "inbound", "rate_per_minute": "0.0010"}]}""");

        web.get().uri("/admin/v1/rate-cards/{a}", account)
                .headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.source").isEqualTo("account")
                .jsonPath("$.currency").isEqualTo("GBP")
                .jsonPath("$.session_fee").isEqualTo("0.25")
                .jsonPath("$.default.rate_per_minute").isEqualTo("0.0040")
                .jsonPath("$.default.subsequent_increment_seconds").isEqualTo(6)
                .jsonPath("$.countries[0].country").isEqualTo("GB")
                .jsonPath("$.countries[0].direction").isEqualTo("inbound")
                .jsonPath("$.countries[0].rate_per_minute").isEqualTo("0.0010")
                .jsonPath("$.countries[0].initial_increment_seconds").isEqualTo(60);

        web.delete().uri("/admin/v1/rate-cards/{a}", account)
                .headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token"))
                .exchange()
                .expectStatus().isNoContent();
        web.get().uri("/admin/v1/rate-cards/{a}", account)
                .headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.source").isEqualTo("default");
    }

    @Test
    void aMappedSubaccountWithoutACardOfItsOwnUsesItsMainAccountsCard() {
        putRateCard(MAIN_ACCOUNT, """
                {"currency": "USD", "session_fee": "0.5", "default": {"rate_per_minute": "0.0050"}}""");

        web.get().uri("/admin/v1/rate-cards/{a}", SUBACCOUNT)
                .headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.source").isEqualTo("main_account")
                .jsonPath("$.session_fee").isEqualTo("0.5");
    }

    @Test
    void refusesMissingOrWrongCredentials() {
        String account = account();
        web.get().uri("/admin/v1/rate-cards/{a}", account).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Basic realm=\"Veil admin\"")
                .expectBody().jsonPath("$.error")
                .isEqualTo("Authentication failed: the admin credentials are missing or wrong.");
        web.put().uri("/admin/v1/rate-cards/{a}", account)
                .headers(h -> h.setBasicAuth("veil-admin", "wrong"))
                .header("Content-Type", "application/json")
                .bodyValue("{\"currency\":\"USD\",\"default\":{\"rate_per_minute\":\"1\"}}")
                .exchange()
                .expectStatus().isUnauthorized();
        web.delete().uri("/admin/v1/rate-cards/{a}", account)
                .header("Authorization", "Basic not-base64!")
                .exchange()
                .expectStatus().isUnauthorized();
        web.get().uri("/admin/v1/rate-cards/{a}", account)
                .headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token"))
                .exchange()
                .expectBody().jsonPath("$.source").isEqualTo("default");
    }

    @Test
    void refusesAnInvalidCardWith400AndKeepsTheOldOne() {
        String account = account();
        putRateCard(account, """
                {"currency": "USD", "default": {"rate_per_minute": "0.0070"}}""");

        invalid(account, "{\"default\":{\"rate_per_minute\":\"1\"}}", "Invalid rate card: currency must be present");
        invalid(account, "{\"currency\":\"XXY\",\"default\":{\"rate_per_minute\":\"1\"}}",
                "Invalid rate card: currency must be an ISO 4217 code");
        invalid(account, "{\"currency\":\"USD\"}", "Invalid rate card: default must be present");
        invalid(account, "{\"currency\":\"USD\",\"default\":{\"rate_per_minute\":\"-1\"}}",
                "Invalid rate card: rate per minute must not be negative");
        invalid(account, "{\"currency\":\"USD\",\"default\":{\"rate_per_minute\":\"1\","
                + "\"initial_increment_seconds\":0}}", "Invalid rate card: billing increments must be at least 1 second");
        invalid(account, "{\"currency\":\"USD\",\"session_fee\":\"-1\",\"default\":{\"rate_per_minute\":\"1\"}}",
                "Invalid rate card: session fee must not be negative");
        invalid(account, "{\"currency\":\"USD\",\"default\":{\"rate_per_minute\":\"1\"},\"countries\":"
                + "[{\"country\":\"GB\",\"direction\":\"sideways\",\"rate_per_minute\":\"1\"}]}",
                "Invalid rate card: direction must be inbound or outbound");
        invalid(account, "{\"currency\":\"USD\",\"default\":{\"rate_per_minute\":\"1\"},\"countries\":"
                + "[{\"country\":\"GB\",\"direction\":\"inbound\",\"rate_per_minute\":\"1\"},"
                + "{\"country\":\"GB\",\"direction\":\"inbound\",\"rate_per_minute\":\"2\"}]}",
                "Invalid rate card: more than one rate for GB inbound");
        invalid(account, "not json", "Invalid rate card: the body is not a rate card in JSON");
        invalid("MA-bad!", "{\"currency\":\"USD\",\"default\":{\"rate_per_minute\":\"1\"}}",
                "Invalid rate card: account_id must be 1 to 64 letters or digits");

        web.get().uri("/admin/v1/rate-cards/{a}", account)
                .headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token"))
                .exchange()
                .expectBody().jsonPath("$.default.rate_per_minute").isEqualTo("0.0070");
    }

    private void invalid(String account, String body, String error) {
        web.put().uri("/admin/v1/rate-cards/{a}", account)
                .headers(h -> h.setBasicAuth("veil-admin", "veil-admin-token"))
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo(error);
    }
}
