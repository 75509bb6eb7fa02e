package dev.veil.platform.privacy;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * {@code /actuator/keyrotation}: GET counts the values sealed with each data key per encrypted column; POST
 * re-encrypts every value with the active key ({@code ./veil rotate-keys} calls it on every service). The actuator
 * is for operators: it is not routed by the public gateway.
 */
@Endpoint(id = "keyrotation")
public final class KeyRotationEndpoint {

    private final KeyRotation rotation;

    public KeyRotationEndpoint(KeyRotation rotation) {
        this.rotation = rotation;
    }

    @ReadOperation
    public Mono<Map<String, Map<String, Long>>> status() {
        return rotation.status();
    }

    @WriteOperation
    public Mono<Map<String, Long>> rotate() {
        return rotation.reEncryptAll();
    }
}
