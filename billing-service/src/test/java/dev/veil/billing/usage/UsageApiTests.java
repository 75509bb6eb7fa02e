package dev.veil.billing.usage;

import dev.veil.billing.BillingIntegration;
import dev.veil.events.CallEnded;
import dev.veil.events.CallLeg;
import dev.veil.events.LegDirection;
import dev.veil.events.PartyRole;
import dev.veil.events.SessionCreated;
import dev.veil.events.Topics;
import dev.veil.testsupport.FakeSessionService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage API over charges of a main account and its subaccount: its JSON and CSV agree with each other and with
 * the charge rows, and with the amounts worked out by hand from the rate card.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageApiTests extends BillingIntegration {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    /** A main account whose subaccount only session-service knows (not mapped in veil.billing.subaccounts). */
    private static final String ROLLUP_MAIN = "MAROLLUP000000000001";
    private static final String ROLLUP_SUB = "SAROLLUP000000000001";

    private final String mainSession = UUID.randomUUID().toString();
    private final String subSession = UUID.randomUUID().toString();
    private final String rollupSession = UUID.randomUUID().toString();

    /** Sends each request with the credentials of the account in its path, as its owner would. */
    private WebTestClient owner;

    @BeforeAll
    void ownerCredentials() {
        owner = web.mutate().filter(FakeSessionService.asPathOwner()).build();
    }

    /**
     * The main account's card: a 0.50 session fee, US legs on the default 0.0050 per minute 60/60, GB outbound at
     * 0.0300 per minute 1/1. Two sessions (one of the subaccount), three calls, six legs.
     */
    @BeforeAll
    void chargeTwoSessions() {
        putRateCard(MAIN_ACCOUNT, """
                {"currency": "USD", "session_fee": "0.5", "default": {"rate_per_minute": "0.0050"},
                 "countries": [{"country": "GB", "direction": "outbound", "rate_per_minute": "0.0300",
                                "initial_increment_seconds": 1, "subsequent_increment_seconds": 1}]}""");
        created(mainSession, MAIN_ACCOUNT);
        created(subSession, SUBACCOUNT);
        call(mainSession, MAIN_ACCOUNT, 65, 65);   // 0.01000 + 0.03250
        call(mainSession, MAIN_ACCOUNT, 30, 0);    // 0.00500 + 0
        call(subSession, SUBACCOUNT, 125, 61);     // 0.01500 + 0.03050
        // Another account's call, which no answer below may include.
        call(UUID.randomUUID().toString(), "MAOTHER0000000000001", 600, 600);
        records(Topics.BILLING, mainSession, 3);
        records(Topics.BILLING, subSession, 2);
        FakeSessionService.get().addSubaccount(ROLLUP_MAIN, ROLLUP_SUB);
        call(rollupSession, ROLLUP_SUB, 65, 0);    // 0.01000 at the default card
        records(Topics.BILLING, rollupSession, 1);
    }

    @Test
    void totalsPerDayCountryAndDirectionAddUpAsRatedAndAgreeWithTheChargeRows() {
        JsonNode body = json("/v1/Account/{a}/Masking/Usage?from={f}&to={t}&group_by=day", MAIN_ACCOUNT,
                TODAY.minusDays(1), TODAY.plusDays(1));

        assertThat(body.get("accounts").toString()).isEqualTo("[\"" + MAIN_ACCOUNT + "\",\"" + SUBACCOUNT + "\"]");
        assertThat(body.get("group_by").asString()).isEqualTo("day");
        List<String> lines = new ArrayList<>();
        body.get("usage").forEach(l -> lines.add(String.join(" ", l.get("period").asString(), l.get("type").asString(),
                l.get("country").asString("-"), l.get("direction").asString("-"), l.get("currency").asString(),
                l.get("count").asString(), l.get("billed_seconds").asString(), l.get("amount").asString())));
        assertThat(lines).containsExactly(
                TODAY + " call GB outbound USD 3 126 0.06300",
                TODAY + " call US inbound USD 3 360 0.03000",
                TODAY + " session_fee - - USD 2 0 1.00000");
        JsonNode total = body.get("totals").get(0);
        assertThat(body.get("totals").size()).isEqualTo(1);
        assertThat(total.get("legs").asLong()).isEqualTo(6);
        assertThat(total.get("billed_seconds").asLong()).isEqualTo(486);
        assertThat(total.get("call_amount").asString()).isEqualTo("0.09300");
        assertThat(total.get("sessions_charged").asLong()).isEqualTo(2);
        assertThat(total.get("session_fees").asString()).isEqualTo("1.00000");
        assertThat(total.get("total_amount").asString()).isEqualTo("1.09300");

        // The charge rows themselves, summed by the database independently of the usage query.
        BigDecimal rows = db.sql("SELECT sum(amount) FROM charges WHERE account_id IN (:m, :s)")
                .bind("m", MAIN_ACCOUNT).bind("s", SUBACCOUNT)
                .map(r -> r.get(0, BigDecimal.class)).one().block();
        BigDecimal fees = db.sql("SELECT sum(amount) FROM session_charges WHERE account_id IN (:m, :s)")
                .bind("m", MAIN_ACCOUNT).bind("s", SUBACCOUNT)
                .map(r -> r.get(0, BigDecimal.class)).one().block();
        assertThat(new BigDecimal(total.get("call_amount").asString())).isEqualByComparingTo(rows);
        assertThat(new BigDecimal(total.get("session_fees").asString())).isEqualByComparingTo(fees);
    }

    @Test
    void theCsvExportHoldsTheSameLinesAsTheJson() {
        String csv = owner.get().uri("/v1/Account/{a}/Masking/Usage?from={f}&to={t}&group_by=month&format=csv",
                        MAIN_ACCOUNT, TODAY.minusDays(1), TODAY.plusDays(1))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "csv"))
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"usage-.*\\.csv\"")
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode body = json("/v1/Account/{a}/Masking/Usage?from={f}&to={t}&group_by=month", MAIN_ACCOUNT,
                TODAY.minusDays(1), TODAY.plusDays(1));

        List<Map<String, String>> rows = parse(csv);
        assertThat(csv).startsWith("period,type,country,direction,currency,count,billed_seconds,amount\r\n");
        assertThat(rows).hasSize(body.get("usage").size()).isNotEmpty();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode line = body.get("usage").get(i);
            for (String field : List.of("period", "type", "country", "direction", "currency", "count",
                    "billed_seconds", "amount")) {
                assertThat(rows.get(i).get(field)).as("%s of line %d", field, i)
                        .isEqualTo(line.get(field).isNull() ? "" : line.get(field).asString());
            }
            assertThat(line.get("period").asString()).isEqualTo(TODAY.withDayOfMonth(1).toString());
        }
    }

    @Test
    void sessionLineItemsAgreeWithTheChargesOfEachSessionInJsonAndCsv() {
        JsonNode body = json("/v1/Account/{a}/Masking/Usage/Sessions?from={f}&to={t}", MAIN_ACCOUNT, TODAY, TODAY);
        List<Map<String, String>> csv = parse(owner.get()
                .uri("/v1/Account/{a}/Masking/Usage/Sessions?from={f}&to={t}&format=csv", MAIN_ACCOUNT, TODAY, TODAY)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "csv"))
                .expectBody(String.class).returnResult().getResponseBody());

        Map<String, JsonNode> bySession = new HashMap<>();
        body.get("sessions").forEach(s -> bySession.put(s.get("session_uuid").asString(), s));
        assertThat(bySession).containsOnlyKeys(mainSession, subSession);
        assertSession(bySession.get(mainSession), MAIN_ACCOUNT, 2, 4, 245, "0.04750", "0.50000", "0.54750");
        assertSession(bySession.get(subSession), SUBACCOUNT, 1, 2, 241, "0.04550", "0.50000", "0.54550");
        for (String session : List.of(mainSession, subSession)) {
            BigDecimal rows = db.sql("SELECT sum(amount) FROM charges WHERE session_uuid = :s").bind("s", session)
                    .map(r -> r.get(0, BigDecimal.class)).one().block();
            assertThat(new BigDecimal(bySession.get(session).get("call_amount").asString()))
                    .isEqualByComparingTo(rows);
        }

        assertThat(csv).hasSize(2);
        for (Map<String, String> row : csv) {
            JsonNode line = bySession.get(row.get("session_uuid"));
            row.forEach((field, value) -> assertThat(value).as(field).isEqualTo(line.get(field).asString()));
        }
    }

    @Test
    void aSubaccountsUsageHoldsOnlyItsOwnCharges() {
        JsonNode body = json("/v1/Account/{a}/Masking/Usage/Sessions?from={f}&to={t}", SUBACCOUNT, TODAY, TODAY);

        assertThat(body.get("sessions").size()).isEqualTo(1);
        assertThat(body.get("sessions").get(0).get("session_uuid").asString()).isEqualTo(subSession);
    }

    @Test
    void withoutOrWithWrongCredentialsIs401AndWithAnotherAccountsIs404() {
        String path = "/v1/Account/{a}/Masking/Usage?from={f}&to={t}";
        web.get().uri(path, MAIN_ACCOUNT, TODAY, TODAY).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.api_id").isNotEmpty().jsonPath("$.error").isNotEmpty();
        web.get().uri(path + "&format=csv", MAIN_ACCOUNT, TODAY, TODAY)
                .headers(h -> h.setBasicAuth(MAIN_ACCOUNT, "wrong")).exchange().expectStatus().isUnauthorized();
        owner.get().uri("/v1/Account/{a}/Masking/Usage/Sessions?from={f}&to={t}", MAIN_ACCOUNT, TODAY, TODAY)
                .headers(h -> h.setBasicAuth(ROLLUP_MAIN, FakeSessionService.token(ROLLUP_MAIN)))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Account not found");
        // A subaccount may not read its main account's usage.
        owner.get().uri(path, MAIN_ACCOUNT, TODAY, TODAY)
                .headers(h -> h.setBasicAuth(SUBACCOUNT, FakeSessionService.token(SUBACCOUNT)))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void aMainAccountRollsUpTheSubaccountsSessionServiceAnswersAndMayReadOneOfThem() {
        JsonNode body = json("/v1/Account/{a}/Masking/Usage/Sessions?from={f}&to={t}", ROLLUP_MAIN, TODAY, TODAY);
        assertThat(body.get("accounts").toString()).isEqualTo("[\"" + ROLLUP_MAIN + "\",\"" + ROLLUP_SUB + "\"]");
        assertThat(body.get("sessions").size()).isEqualTo(1);
        assertThat(body.get("sessions").get(0).get("session_uuid").asString()).isEqualTo(rollupSession);
        assertThat(body.get("sessions").get(0).get("call_amount").asString()).isEqualTo("0.01000");

        String asMain = owner.get().uri("/v1/Account/{a}/Masking/Usage/Sessions?from={f}&to={t}", ROLLUP_SUB,
                        TODAY, TODAY)
                .headers(h -> h.setBasicAuth(ROLLUP_MAIN, FakeSessionService.token(ROLLUP_MAIN)))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(JSON.readTree(asMain).get("accounts").toString()).isEqualTo("[\"" + ROLLUP_SUB + "\"]");
    }

    @Test
    void aRangeWithoutChargesIsEmpty() {
        JsonNode body = json("/v1/Account/{a}/Masking/Usage?from={f}&to={t}", MAIN_ACCOUNT, TODAY.minusDays(9),
                TODAY.minusDays(2));

        assertThat(body.get("usage").size()).isZero();
        assertThat(body.get("totals").size()).isZero();
        assertThat(owner.get().uri("/v1/Account/{a}/Masking/Usage?from={f}&to={t}&format=csv", MAIN_ACCOUNT,
                        TODAY.minusDays(2), TODAY.minusDays(2))
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody())
                .isEqualTo("period,type,country,direction,currency,count,billed_seconds,amount\r\n");
    }

    @Test
    void refusesMissingOrMalformedParameters() {
        badRequest("/v1/Account/MA1/Masking/Usage?to=2026-01-01", "Mandatory parameter missing. from must be present.");
        badRequest("/v1/Account/MA1/Masking/Usage/Sessions?from=2026-01-01",
                "Mandatory parameter missing. to must be present.");
        badRequest("/v1/Account/MA1/Masking/Usage?from=2026-13-01&to=2026-01-01", "from must be a date as YYYY-MM-DD");
        badRequest("/v1/Account/MA1/Masking/Usage?from=2026-01-02&to=2026-01-01", "to must not be before from");
        badRequest("/v1/Account/MA1/Masking/Usage?from=2026-01-01&to=2026-01-01&group_by=week",
                "group_by must be day or month");
        badRequest("/v1/Account/MA1/Masking/Usage/Sessions?from=2026-01-01&to=2026-01-01&format=xml",
                "format must be json or csv");
    }

    private void badRequest(String uri, String error) {
        owner.get().uri(uri).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo(error);
    }

    private static void assertSession(JsonNode line, String account, long calls, long legs, long billedSeconds,
            String callAmount, String fee, String total) {
        assertThat(line.get("account_id").asString()).isEqualTo(account);
        assertThat(line.get("currency").asString()).isEqualTo("USD");
        assertThat(line.get("calls").asLong()).isEqualTo(calls);
        assertThat(line.get("legs").asLong()).isEqualTo(legs);
        assertThat(line.get("billed_seconds").asLong()).isEqualTo(billedSeconds);
        assertThat(line.get("call_amount").asString()).isEqualTo(callAmount);
        assertThat(line.get("session_fee").asString()).isEqualTo(fee);
        assertThat(line.get("total_amount").asString()).isEqualTo(total);
        assertThat(Instant.parse(line.get("first_charged_at").asString())).isBefore(Instant.now());
    }

    private JsonNode json(String uri, Object... variables) {
        String body = owner.get().uri(uri, variables).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    /** CSV rows as header name to value; the exports never quote, which this parser relies on. */
    private static List<Map<String, String>> parse(String csv) {
        String[] lines = csv.split("\r\n");
        String[] header = lines[0].split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] values = lines[i].split(",", -1);
            assertThat(values).hasSameSizeAs(header);
            Map<String, String> row = new HashMap<>();
            for (int j = 0; j < header.length; j++) {
                row.put(header[j], values[j]);
            }
            rows.add(row);
        }
        return rows;
    }

    private void created(String session, String account) {
        SessionCreated created = sessionCreated(session, account);
        publish(Topics.SESSION, created, envelope(created, "session-service", "c"));
    }

    private void call(String session, String account, int inbound, int outbound) {
        String call = "a-" + UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(300);
        CallEnded ended = new CallEnded(session, account, call, start, start.plusSeconds(200), List.of(
                new CallLeg(call, LegDirection.INBOUND, PartyRole.FIRST_PARTY, "US", inbound + 3, inbound,
                        "NORMAL_CLEARING"),
                new CallLeg("b-" + UUID.randomUUID(), LegDirection.OUTBOUND, PartyRole.SECOND_PARTY, "GB",
                        outbound + 3, outbound, "NORMAL_CLEARING")));
        publish(Topics.CALL, ended, envelope(ended, "call-router", "c"));
    }
}
