package dev.veil.carrier.call;

import dev.veil.carrier.SimulatorProperties;
import dev.veil.carrier.webhook.WebhookClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.Executors;

/** The webhook client and the threads simulated calls run on. */
@Configuration(proxyBeanMethods = false)
class CallConfiguration {

    @Bean(destroyMethod = "close")
    WebhookClient webhookClient(SimulatorProperties properties) {
        return new WebhookClient(properties.authToken(), properties.webhookTimeout());
    }

    /**
     * One virtual thread per running call: a call blocks on each webhook in turn, and virtual threads make that
     * cheap even with thousands of calls in flight (a load test).
     */
    @Bean(destroyMethod = "dispose")
    Scheduler callScheduler() {
        return Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "simulated-calls");
    }
}
