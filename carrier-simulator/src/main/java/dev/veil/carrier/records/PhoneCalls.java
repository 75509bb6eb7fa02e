package dev.veil.carrier.records;

import java.util.List;

/**
 * What one simulated phone saw, as {@code GET /sim/v1/phones/{number}/calls} returns it.
 *
 * @param number the phone, E.164
 * @param calls  its calls, oldest first
 */
public record PhoneCalls(String number, List<PhoneCall> calls) {

    public PhoneCalls {
        calls = List.copyOf(calls);
    }
}
