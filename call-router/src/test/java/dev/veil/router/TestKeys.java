package dev.veil.router;

import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.platform.privacy.PrivacyProperties;
import dev.veil.platform.privacy.PrivacyProperties.KeyRing;

import java.util.Map;

/**
 * The public development keys of {@code call-router.yml} and {@code veil-platform.yml}, as session-service holds
 * them: tests seal session events' parties and PINs with them, as session-service does.
 */
public final class TestKeys {

    /** The data, event and blind-index keys the router under test runs with. */
    public static final PrivacyKeys KEYS = PrivacyKeys.of(new PrivacyProperties(
            new KeyRing("dev", Map.of("dev", "ileJ8XEa/WbjW4Mu4c/tdxuYYTldc0QvWffOYmz3QE8=")),
            new KeyRing("dev", Map.of("dev", "UyasqcnpJo6RDmPgecBlYKwW3Zxc9eYCYnsAK2Nge+A=")),
            "JhROOOkB4LwIiNfVEc0zWoEBcY85r1gPcDwQ6dsPVVQ="));

    private TestKeys() {
    }
}
