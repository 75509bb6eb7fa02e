package dev.veil.platform;

import dev.veil.platform.privacy.EncryptedColumn;
import dev.veil.platform.privacy.FieldCipher;
import dev.veil.platform.privacy.KeyRotationEndpoint;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.testsupport.VeilInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Key rotation of a declared encrypted column against real Postgres, through the actuator endpoint's operations. */
@SpringBootTest(classes = PlatformTestApplication.class,
        properties = "spring.config.name=platform-test")
class KeyRotationTests {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        VeilInfrastructure.get().register(registry, "platform_test");
    }

    @Autowired
    DatabaseClient db;
    @Autowired
    PrivacyKeys keys;
    @Autowired
    KeyRotationEndpoint endpoint;

    @Test
    void valuesSealedWithARetiredKeyAreReEncryptedWithTheActiveOneAndStillOpen() {
        String context = new EncryptedColumn("sealed_values", "value").context();
        FieldCipher retired = new FieldCipher("test", "retired", Map.of("retired",
                "UyasqcnpJo6RDmPgecBlYKwW3Zxc9eYCYnsAK2Nge+A="));
        String active = keys.data().activeKeyId();
        db.sql("DELETE FROM sealed_values").then().block();
        List<String> numbers = List.of("+14155550100", "+14155550101", "+14155550102");
        for (int i = 0; i < numbers.size(); i++) {
            db.sql("INSERT INTO sealed_values (id, value) VALUES (:id, :value)").bind("id", i)
                    .bind("value", i == 2 ? keys.data().encrypt(numbers.get(i), context)
                            : retired.encrypt(numbers.get(i), context)).then().block();
        }
        db.sql("INSERT INTO sealed_values (id, value) VALUES (3, NULL)").then().block();

        assertThat(endpoint.status().block()).containsEntry(context, Map.of("retired", 2L, active, 1L));
        assertThat(endpoint.rotate().block()).containsEntry(context, 2L);

        assertThat(endpoint.status().block()).containsEntry(context, Map.of(active, 3L));
        List<String> opened = db.sql("SELECT value FROM sealed_values WHERE value IS NOT NULL ORDER BY id")
                .map(row -> keys.data().decrypt(row.get("value", String.class), context)).all().collectList().block();
        assertThat(opened).isEqualTo(numbers);
        assertThat(endpoint.rotate().block()).as("nothing left to rotate").containsEntry(context, 0L);
    }
}
