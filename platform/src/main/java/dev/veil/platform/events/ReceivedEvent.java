package dev.veil.platform.events;

import dev.veil.events.VeilEvent;

/** An event read from Kafka with its envelope. */
public record ReceivedEvent(EventEnvelope envelope, VeilEvent event) {
}
