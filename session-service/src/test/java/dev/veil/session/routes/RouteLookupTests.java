package dev.veil.session.routes;

import dev.veil.events.InteractionStarted;
import dev.veil.events.PartyNumber;
import dev.veil.events.PartyRole;
import dev.veil.session.SessionServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RouteLookupTests extends SessionServiceTestSupport {

    @Test
    void liveSessionIsFoundByVirtualNumberAndEitherPartyWithOrWithoutPlus() {
        JsonNode created = createSession(Map.of("first_party", "+14155550161", "second_party", "+14155550162",
                "ring_timeout", 20));
        String uuid = created.get("session_uuid").asString();
        String vn = created.get("virtual_number").asString();

        for (String caller : new String[] {"+14155550161", "14155550162"}) {
            byte[] body = web.get().uri(b -> b.path("/internal/v1/routes")
                            .queryParam("virtual_number", "{vn}").queryParam("caller", "{caller}")
                            .build(caller.startsWith("+") ? vn : vn.substring(1), caller))
                    .exchange().expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            JsonNode route = JSON.readTree(body);
            assertThat(route.get("session_uuid").asString()).isEqualTo(uuid);
            JsonNode session = route.get("session");
            assertThat(session.get("accountId").asString()).isEqualTo(ACCOUNT);
            // Parties travel as the events carry them: blind index, country, number sealed with the event key.
            assertThat(keys.number(new PartyNumber(session.get("firstParty").get("index").asString(),
                    session.get("firstParty").get("country").asString(),
                    session.get("firstParty").get("sealed").asString())).e164()).isEqualTo("+14155550161");
            assertThat(keys.number(new PartyNumber(session.get("secondParty").get("index").asString(),
                    session.get("secondParty").get("country").asString(),
                    session.get("secondParty").get("sealed").asString())).e164()).isEqualTo("+14155550162");
            assertThat(session.toString()).doesNotContain("4155550161").doesNotContain("4155550162");
            assertThat(session.get("virtualNumber").asString()).isEqualTo(vn);
            assertThat(session.get("status").asString()).isEqualTo("active");
            assertThat(session.get("ringTimeout").asInt()).isEqualTo(20);
            assertThat(session.get("callTimeLimit").asInt()).isEqualTo(14400);
            assertThat(session.get("createdTime").asString()).endsWith("Z");
        }
    }

    @Test
    void sessionWithACallUnderWayStillRoutesAsActive() {
        JsonNode created = createSession(Map.of("first_party", "+14155550165", "second_party", "+14155550166"));
        String uuid = created.get("session_uuid").asString();
        publish(new InteractionStarted(uuid, ACCOUNT, UUID.randomUUID().toString(), PartyRole.FIRST_PARTY,
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> getSession(uuid).get("status").asString(),
                "in-progress"::equals);

        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build(created.get("virtual_number").asString(),
                                "+14155550166"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.session_uuid").isEqualTo(uuid)
                .jsonPath("$.session.status").isEqualTo("active");
    }

    @Test
    void strangerOrUnknownNumberGets404AndBadNumbers400() {
        String vn = createSession(Map.of("first_party", "+14155550163", "second_party", "+14155550164"))
                .get("virtual_number").asString();

        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build(vn, "+14155550199"))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isNotEmpty();
        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build("+14155550198", "+14155550163"))
                .exchange().expectStatus().isNotFound();
        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build("123", "+14155550163"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("virtual_number must be a valid phone number.");
        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}").build(vn))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("caller must be a valid phone number.");
    }

    @Test
    void singlePartySessionWithoutPinTakesAnyCallerUntilItIsExpired() {
        JsonNode created = createSession(Map.of("first_party", "+14155550167", "second_party", "",
                "create_session_with_single_party", true, "first_party_play_url", "https://example.com/hi.mp3"));
        String uuid = created.get("session_uuid").asString();
        String vn = created.get("virtual_number").asString();

        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build(vn, "+14155550197"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.session_uuid").isEqualTo(uuid)
                .jsonPath("$.session.secondParty").doesNotExist()
                .jsonPath("$.session.options.singleParty").isEqualTo(true)
                .jsonPath("$.session.options.firstPartyPlayUrl").isEqualTo("https://example.com/hi.mp3");

        web.delete().uri(SESSIONS_PATH + "{uuid}", ACCOUNT, uuid).headers(h -> h.setBasicAuth(ACCOUNT, TOKEN))
                .exchange().expectStatus().isOk();
        web.get().uri(b -> b.path("/internal/v1/routes").queryParam("virtual_number", "{vn}")
                        .queryParam("caller", "{caller}").build(vn, "+14155550167"))
                .exchange().expectStatus().isNotFound();
    }
}
