package dev.veil.platform.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Outbox relay settings ({@code veil.outbox.*}).
 *
 * @param pollInterval how long the relay waits after an empty or partial batch; default 20 ms. Bounds the added
 *                     latency between a commit and its event on Kafka
 * @param batchSize    rows published per transaction; default 200
 * @param gaugeInterval how often the backlog and lag gauges re-read the outbox; default 5 s
 */
@ConfigurationProperties("veil.outbox")
public record OutboxProperties(@DefaultValue("20ms") Duration pollInterval, @DefaultValue("200") int batchSize,
        @DefaultValue("5s") Duration gaugeInterval) {
}
