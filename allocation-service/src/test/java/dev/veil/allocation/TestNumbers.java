package dev.veil.allocation;

import dev.veil.platform.phone.PhoneNumber;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual numbers, account ids and session uuids for tests, unique within a test JVM (and, with a random start,
 * across runs on a kept database), so tests sharing one database never see each other's numbers. Every number is
 * valid. Parties are not numbers here: see {@link TestParty}.
 */
public final class TestNumbers {

    private static final AtomicLong NEXT = new AtomicLong(2_000_000 + ThreadLocalRandom.current().nextInt(5_000_000));

    private TestNumbers() {
    }

    /** A US number in San Francisco's 415 area. */
    public static String us() {
        return valid("+1415" + NEXT.getAndIncrement());
    }

    /** A GB number in London's 020 7 range. */
    public static String gb() {
        return valid("+44207" + NEXT.getAndIncrement());
    }

    /** A French number in Paris's 01 4 range. */
    public static String fr() {
        return valid("+3314" + NEXT.getAndIncrement());
    }

    /** A fresh account id of Plivo's shape ({@code MA} + 18 characters). */
    public static String account() {
        return "MATEST" + String.format("%014d", ThreadLocalRandom.current().nextLong(100_000_000_000_000L));
    }

    /** A fresh session uuid. */
    public static String session() {
        return java.util.UUID.randomUUID().toString();
    }

    private static String valid(String number) {
        return PhoneNumber.parse(number).e164();
    }
}
