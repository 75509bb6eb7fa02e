package dev.veil.carrier.records;

import dev.veil.carrier.SimulatorProperties;
import dev.veil.carrier.call.CallReport;
import dev.veil.carrier.call.LegDirection;
import dev.veil.carrier.call.LegReport;
import dev.veil.carrier.call.LegStatus;
import dev.veil.platform.phone.PhoneNumber;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last {@code veil.simulator.max-calls} finished calls, by CallUUID and by phone. In memory only: the
 * simulator is a test double, and a restart starting from a clean slate is what tests and demos want.
 */
@Component
public class CallRecords {

    private final int capacity;
    private final LinkedHashMap<String, CallReport> calls = new LinkedHashMap<>();
    private final Map<String, List<PhoneCall>> phones = new HashMap<>();
    private final Map<String, String> callsByRequest = new HashMap<>();

    CallRecords(SimulatorProperties properties) {
        this.capacity = properties.maxCalls();
    }

    /** Remembers a finished call, forgetting the oldest one when full. */
    public synchronized void add(CallReport report) {
        calls.put(report.callUuid(), report);
        if (report.requestUuid() != null) {
            callsByRequest.put(report.requestUuid(), report.callUuid());
        }
        for (PhoneCall seen : seenBy(report)) {
            phones.computeIfAbsent(phoneOf(seen), k -> new ArrayList<>()).add(seen);
        }
        while (calls.size() > capacity) {
            forget(calls.pollFirstEntry().getValue());
        }
    }

    /** The report of a call still remembered. */
    public synchronized Optional<CallReport> call(String callUuid) {
        return Optional.ofNullable(calls.get(callUuid));
    }

    /** The report of a finished Call API call, by the {@code request_uuid} the API answered. */
    public synchronized Optional<CallReport> request(String requestUuid) {
        String callUuid = callsByRequest.get(requestUuid);
        return callUuid == null ? Optional.empty() : Optional.ofNullable(calls.get(callUuid));
    }

    /** The calls this phone made and received, in the order they started. */
    public synchronized PhoneCalls phone(PhoneNumber number) {
        List<PhoneCall> seen = new ArrayList<>(phones.getOrDefault(number.e164(), List.of()));
        // Calls run concurrently and are added when they end; the phone lists them as they began.
        seen.sort(Comparator.comparing(PhoneCall::startedAt));
        return new PhoneCalls(number.e164(), seen);
    }

    private void forget(CallReport report) {
        if (report.requestUuid() != null) {
            callsByRequest.remove(report.requestUuid());
        }
        for (PhoneCall seen : seenBy(report)) {
            String phone = phoneOf(seen);
            List<PhoneCall> list = phones.get(phone);
            if (list != null) {
                list.removeIf(c -> c.callUuid().equals(report.callUuid()));
                if (list.isEmpty()) {
                    phones.remove(phone);
                }
            }
        }
    }

    private static String phoneOf(PhoneCall call) {
        return call.direction() == PhoneCall.Direction.OUTGOING ? call.from() : call.to();
    }

    /**
     * The caller's phone saw an outgoing call (a phone rung by the Call API an incoming one, with the caller ID
     * shown); each dialled phone saw an incoming one, with the caller ID shown.
     */
    private static List<PhoneCall> seenBy(CallReport report) {
        List<PhoneCall> seen = new ArrayList<>();
        LegReport a = report.aLeg();
        boolean rungByApi = a.direction() == LegDirection.OUTBOUND;
        seen.add(new PhoneCall(report.callUuid(), a.callUuid(),
                rungByApi ? PhoneCall.Direction.INCOMING : PhoneCall.Direction.OUTGOING, a.from(), a.to(),
                rungByApi ? a.callerIdShown() : null, a.startTime(), a.answerTime() != null, a.duration(),
                a.heard(), a.digitsTyped()));
        for (LegReport b : report.legs().subList(1, report.legs().size())) {
            seen.add(new PhoneCall(report.callUuid(), b.callUuid(), PhoneCall.Direction.INCOMING,
                    b.callerIdShown(), b.to(), b.callerIdShown(), b.startTime(), b.status() == LegStatus.COMPLETED,
                    b.duration(), b.heard(), b.digitsTyped()));
        }
        return seen;
    }
}
