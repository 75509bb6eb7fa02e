package dev.veil.router;

import dev.veil.platform.phone.PhoneNumber;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Valid, distinct phone numbers for tests; every call gives a number no other test in the JVM uses. */
public final class TestNumbers {

    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(1000, 3000));

    private TestNumbers() {
    }

    /** A San Francisco number. */
    public static PhoneNumber us() {
        return PhoneNumber.parse("+1415555" + NEXT.getAndIncrement());
    }

    /** A London number. */
    public static PhoneNumber gb() {
        return PhoneNumber.parse("+44207183" + NEXT.getAndIncrement());
    }
}
