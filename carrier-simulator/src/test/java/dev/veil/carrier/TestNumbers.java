package dev.veil.carrier;

import java.util.concurrent.atomic.AtomicInteger;

/** Valid, distinct phone numbers for tests, so calls of different tests never share a phone. */
public final class TestNumbers {

    /** The virtual number the fake application dials out from. */
    public static final String VN = "+14155550190";
    public static final String VN_DIGITS = "14155550190";

    private static final AtomicInteger next = new AtomicInteger(1000);

    private TestNumbers() {
    }

    /** A fresh caller, San Francisco. */
    public static String caller() {
        return "+1415555" + next.incrementAndGet();
    }

    /** A fresh callee, New York. */
    public static String callee() {
        return "+1212555" + next.incrementAndGet();
    }

    public static String digits(String e164) {
        return e164.substring(1);
    }
}
