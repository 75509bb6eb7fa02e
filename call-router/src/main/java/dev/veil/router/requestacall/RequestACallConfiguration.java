package dev.veil.router.requestacall;

import dev.veil.events.SessionCreated;
import dev.veil.platform.consumer.IdempotentConsumer;
import dev.veil.platform.events.ReceivedEvent;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.router.RouterProperties;
import dev.veil.router.index.IndexedSession;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.util.function.Consumer;

/**
 * Consumes {@code veil.session.v2} in the consumer group {@code call-router-request-a-call} (so one replica handles
 * each session) through the idempotent consumer (so a redelivered {@code SessionCreated} places no second call), and
 * calls the first party of every new session that asks for request-a-call.
 */
@Configuration(proxyBeanMethods = false)
class RequestACallConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RequestACallConfiguration.class);
    static final String CONSUMER = "call-router.request-a-call";

    @Bean
    CarrierCalls carrierCalls(RouterProperties properties) {
        WebClient client = WebClient.builder().baseUrl(properties.carrierApiUrl().toString())
                .defaultHeaders(h -> h.setBasicAuth(properties.carrierAuthId(), properties.carrierAuthToken()))
                .build();
        return new CarrierCalls(client, properties.carrierAuthId(), properties.webhookBase());
    }

    @Bean
    Consumer<Message<byte[]>> onSessionEvents(IdempotentConsumer events, CarrierCalls carrier, PrivacyKeys keys,
            MeterRegistry meters) {
        return message -> events.accept(CONSUMER, message, RequestACallConfiguration::asksForACall, received -> {
            SessionCreated created = (SessionCreated) received.event();
            IndexedSession session = IndexedSession.indexable(created.sessionUuid(), created.session(), keys);
            if (session == null || session.firstParty() == null || session.secondParty() == null) {
                log.warn("request-a-call session {} has no two valid parties; not calling", created.sessionUuid());
                return Mono.empty();
            }
            return carrier.callFirstParty(session)
                    .doOnSuccess(done -> meters.counter("veil.router.request_a_call", "outcome", "placed").increment())
                    .doOnError(e -> meters.counter("veil.router.request_a_call", "outcome", "failed").increment());
        });
    }

    /** A session created with {@code initiate_call_to_first_party}; every other event changes nothing here. */
    private static boolean asksForACall(ReceivedEvent received) {
        return received.event() instanceof SessionCreated created && created.session().options() != null
                && created.session().options().initiateCallToFirstParty();
    }
}
