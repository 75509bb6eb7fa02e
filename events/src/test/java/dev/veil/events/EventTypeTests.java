package dev.veil.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue of event types: stable wire names, real topics, and one type per event record. */
class EventTypeTests {

    @Test
    void wireNamesAreUnique() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::wireName)).doesNotHaveDuplicates();
    }

    /** Past tense is checked as "ends in -ed", which every fact Veil names so far does (Created, Ended, Billed). */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void wireNameIsAPastTenseFactAndNeverAJavaClassName(EventType type) {
        assertThat(type.wireName())
                .matches("[A-Z][A-Za-z]*ed")
                .doesNotContain(".")
                .isNotEqualTo(type.recordClass().getName());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void topicIsOneOfTheDeclaredTopics(EventType type) {
        assertThat(declaredTopics()).contains(type.topic());
    }

    @Test
    void everyEventRecordHasExactlyOneType() {
        assertThat(Arrays.stream(EventType.values()).<Class<?>>map(EventType::recordClass))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrder(VeilEvent.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void typeIsFoundByItsWireNameAndByItsRecord(EventType type) {
        assertThat(EventType.fromWireName(type.wireName())).contains(type);
        assertThat(TestEvents.of(type).eventType()).isEqualTo(type);
    }

    @Test
    void wireNamesThisVersionDoesNotKnowAreSkipped() {
        assertThat(EventType.fromWireName("TranscriptionCompleted")).isEmpty();
        assertThat(EventType.fromWireName(SessionCreated.class.getName())).isEmpty();
    }

    private static Set<String> declaredTopics() {
        return Arrays.stream(Topics.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(EventTypeTests::value)
                .collect(Collectors.toSet());
    }

    private static String value(Field constant) {
        try {
            return (String) constant.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
