package dev.veil.session.callbacks;

import dev.veil.session.callbacks.CallbackTargetGuard.ParameterUrl;
import dev.veil.session.callbacks.CallbackTargetGuard.RefusedTargetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.scheduler.Schedulers;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackTargetGuardTests {

    private final CallbackTargetGuard guard =
            new CallbackTargetGuard(false, Duration.ofSeconds(2), Schedulers.boundedElastic());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "0.0.0.0", "224.0.0.1", "100.64.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12::1",
            "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"})
    void privateLoopbackLinkLocalUnspecifiedAndMulticastAddressesArePrivate(String address) throws Exception {
        assertThat(CallbackTargetGuard.isPrivate(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2001:4860:4860::8888"})
    void publicAddressesAreNot(String address) throws Exception {
        assertThat(CallbackTargetGuard.isPrivate(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void refusesAUrlWhoseHostIsOrResolvesToAPrivateAddressNamingTheParameter() {
        assertThatThrownBy(() -> guard.check(List.of(new ParameterUrl("callback_url", "https://8.8.8.8/ok"),
                new ParameterUrl("recording_callback_url", "http://[::1]:8080/cb")))
                .block())
                .isInstanceOf(RefusedTargetException.class)
                .hasMessage("Invalid parameter. recording_callback_url must not point to a loopback, link-local, "
                        + "private or multicast address.");
        assertThatThrownBy(() -> guard.check(List.of(new ParameterUrl("callback_url", "http://localhost:9/cb")))
                .block())
                .isInstanceOf(RefusedTargetException.class)
                .hasMessageContaining("callback_url must not point to a loopback");
    }

    @Test
    void acceptsPublicTargetsAndLeavesEmptyOrMalformedUrlsToValidation() {
        guard.check(List.of(new ParameterUrl("callback_url", "https://8.8.8.8/cb"),
                new ParameterUrl("recording_callback_url", ""), new ParameterUrl("callback_url", null),
                new ParameterUrl("callback_url", "not a url"))).block();
    }

    @Test
    void theOperatorSwitchAllowsPrivateTargets() {
        new CallbackTargetGuard(true, Duration.ofSeconds(2), Schedulers.boundedElastic())
                .check(List.of(new ParameterUrl("callback_url", "http://127.0.0.1:9/cb"))).block();
    }
}
