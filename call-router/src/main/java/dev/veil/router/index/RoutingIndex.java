package dev.veil.router.index;

import dev.veil.events.PartyRole;
import dev.veil.events.SessionState;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.PrivacyKeys;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live session, in memory, by virtual number: its parties (caller to session), its PINs (PIN to session),
 * the single-party session that takes any caller, and the sessions with an unknown-caller announcement. Reads are
 * lock-free (the answer webhook); writes (the session topic reader, and sessions learnt from session-service on a
 * miss) are serialized, so a session's entries appear and disappear together. Applying the same session state twice
 * is harmless, which is why the index needs no idempotency log. A session past its expiry time is never returned,
 * even before its {@code SessionExpired} arrives.
 */
public final class RoutingIndex {

    /**
     * How long an ended session is remembered, so that a session-service answer that was in flight when the session
     * ended cannot put its routes back. Far longer than any lookup may take.
     */
    static final Duration ENDED_MEMORY = Duration.ofMinutes(2);

    private final Clock clock;
    /** Opens the parties' numbers and the PINs of session events, once per session indexed. */
    private final PrivacyKeys keys;
    /** Virtual number (E.164) to the sessions on it. */
    private final Map<String, NumberSessions> numbers = new ConcurrentHashMap<>();
    /**
     * Every session indexed, keyed by itself (equal by uuid, looked up with {@link IndexedSession#key}), so it can be
     * removed whatever its later state says.
     */
    private final Map<Object, IndexedSession> sessions = new ConcurrentHashMap<>();
    /** Single-party sessions: the caller of the last interaction, called when the session's party calls. */
    private final Map<String, PhoneNumber> lastCallers = new ConcurrentHashMap<>();
    /** One instance per virtual number and per account id or format string, shared by the sessions using it. */
    private final Map<PhoneNumber, PhoneNumber> sharedNumbers = new ConcurrentHashMap<>();
    private final Map<String, String> sharedStrings = new ConcurrentHashMap<>();
    /** Sessions that ended recently, oldest first, with when. */
    private final LinkedHashMap<String, Instant> ended = new LinkedHashMap<>();

    /** The sessions of one virtual number; parties keyed by their E.164 digits as a {@code long}. */
    private static final class NumberSessions {
        final Map<Long, IndexedSession> parties = new ConcurrentHashMap<>(4);
        final Map<String, IndexedSession> pins = new ConcurrentHashMap<>(2);
        final Map<String, IndexedSession> anyCaller = new ConcurrentHashMap<>(1);
        final Map<String, IndexedSession> unknownCallerPlays = new ConcurrentHashMap<>(1);

        boolean isEmpty() {
            return parties.isEmpty() && pins.isEmpty() && anyCaller.isEmpty() && unknownCallerPlays.isEmpty();
        }
    }

    public RoutingIndex(Clock clock, PrivacyKeys keys) {
        this.clock = clock;
        this.keys = keys;
    }

    /**
     * The route of a call from {@code caller} to {@code virtualNumber} when the caller is a party of a live session
     * on it. The other party of a single-party session is the last interaction's caller (null before any).
     */
    public Optional<Route> find(PhoneNumber virtualNumber, PhoneNumber caller) {
        NumberSessions on = numbers.get(virtualNumber.e164());
        IndexedSession session = on == null ? null : on.parties.get(IndexedSession.digitsOf(caller));
        if (session == null || !session.liveAt(clock.instant())) {
            return Optional.empty();
        }
        PartyRole role = session.roleOf(caller);
        if (role == null) {
            return Optional.empty();
        }
        PhoneNumber other = session.party(role.other());
        return Optional.of(new Route(session, role, caller,
                other != null ? other : lastCallers.get(session.sessionUuid())));
    }

    /**
     * The number a carrier posted as {@code raw} (its digits, with or without {@code +}) when it is a party of a
     * session on {@code virtualNumber}, as the index holds it: known valid, so the answer webhook need not parse it
     * (parsing costs as much as routing the call). Null when it is no such party or not written as bare digits;
     * the caller then parses it.
     */
    public @Nullable PhoneNumber partyOn(PhoneNumber virtualNumber, String raw) {
        long digits = IndexedSession.digitsOf(raw);
        NumberSessions on = digits == IndexedSession.NONE ? null : numbers.get(virtualNumber.e164());
        IndexedSession session = on == null ? null : on.parties.get(digits);
        PartyRole role = session == null ? null : session.roleOf(digits);
        return role == null ? null : session.party(role);
    }

    /** The live PIN session on {@code virtualNumber} one of whose PINs is {@code pin}. */
    public Optional<IndexedSession> byPin(PhoneNumber virtualNumber, String pin) {
        NumberSessions on = numbers.get(virtualNumber.e164());
        return live(on == null ? null : on.pins.get(pin));
    }

    /** A live PIN session on {@code virtualNumber}, whose prompt an unknown caller hears. */
    public Optional<IndexedSession> pinSessionOn(PhoneNumber virtualNumber) {
        NumberSessions on = numbers.get(virtualNumber.e164());
        return on == null ? Optional.empty() : anyLive(on.pins);
    }

    /** The live single-party session without PIN on {@code virtualNumber} (at most one: it owns unknown callers). */
    public Optional<IndexedSession> anyCallerSessionOn(PhoneNumber virtualNumber) {
        NumberSessions on = numbers.get(virtualNumber.e164());
        return on == null ? Optional.empty() : anyLive(on.anyCaller);
    }

    /** A live session on {@code virtualNumber} with an announcement for unknown callers. */
    public Optional<IndexedSession> unknownCallerPlayOn(PhoneNumber virtualNumber) {
        NumberSessions on = numbers.get(virtualNumber.e164());
        return on == null ? Optional.empty() : anyLive(on.unknownCallerPlays);
    }

    /** The live session with this uuid. */
    public Optional<IndexedSession> session(String sessionUuid) {
        return live(sessions.get(IndexedSession.key(sessionUuid)));
    }

    /** Remembers who called a single-party session last: its party's next call goes to them. */
    public void rememberCaller(String sessionUuid, PhoneNumber caller) {
        if (sessions.containsKey(IndexedSession.key(sessionUuid))) {
            lastCallers.put(sessionUuid, caller);
        }
    }

    /**
     * Sets a session's entries from its current state (a session event): indexed when active or in progress,
     * removed otherwise.
     */
    public synchronized void apply(String sessionUuid, SessionState state) {
        remove(sessionUuid, false);
        if (isLiveStatus(state.status())) {
            add(sessionUuid, state);
        }
    }

    /**
     * Removes an ended session. {@code endedAt} is when it ended: a recent end is remembered so that
     * {@link #learn} cannot bring the session back.
     */
    public synchronized void end(String sessionUuid, Instant endedAt) {
        remove(sessionUuid, true);
        Instant now = clock.instant();
        forgetEndedBefore(now.minus(ENDED_MEMORY));
        if (endedAt.isAfter(now.minus(ENDED_MEMORY))) {
            ended.put(sessionUuid, now);
        }
    }

    /**
     * Adds a session that session-service reported live, unless the index meanwhile learnt that it ended; returns
     * the route of {@code caller} to {@code virtualNumber} in it, if it has one.
     */
    public synchronized Optional<Route> learn(String sessionUuid, SessionState state, PhoneNumber virtualNumber,
            PhoneNumber caller) {
        if (!learn(sessionUuid, state)) {
            return Optional.empty();
        }
        return find(virtualNumber, caller).filter(r -> r.sessionUuid().equals(sessionUuid));
    }

    /**
     * Adds a session that session-service reported live, unless the index meanwhile learnt that it ended or its state
     * is not live; a session the index already holds keeps its entries (the topic's state is at least as new).
     * Returns whether the session is indexed now.
     *
     * @throws IllegalStateException when a sealed party or PIN does not open with the event key ring
     */
    public synchronized boolean learn(String sessionUuid, SessionState state) {
        forgetEndedBefore(clock.instant().minus(ENDED_MEMORY));
        if (ended.containsKey(sessionUuid) || !isLiveStatus(state.status())) {
            return false;
        }
        if (!sessions.containsKey(IndexedSession.key(sessionUuid))) {
            add(sessionUuid, state);
        }
        return sessions.containsKey(IndexedSession.key(sessionUuid));
    }

    /** Sessions indexed. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Party routes indexed (two per two-party session, one per single-party session). */
    public int routeCount() {
        return numbers.values().stream().mapToInt(n -> n.parties.size()).sum();
    }

    private static boolean isLiveStatus(String status) {
        return "active".equals(status) || "in-progress".equals(status);
    }

    private Optional<IndexedSession> live(@Nullable IndexedSession session) {
        return session != null && session.liveAt(clock.instant()) ? Optional.of(session) : Optional.empty();
    }

    private Optional<IndexedSession> anyLive(Map<String, IndexedSession> candidates) {
        Instant now = clock.instant();
        return candidates.values().stream().filter(s -> s.liveAt(now)).findFirst();
    }

    private void add(String sessionUuid, SessionState state) {
        IndexedSession session = IndexedSession.indexable(sessionUuid, state, keys,
                vn -> sharedNumbers.computeIfAbsent(vn, n -> n), s -> sharedStrings.computeIfAbsent(s, v -> v));
        if (session == null) {
            return;
        }
        sessions.put(session, session);
        NumberSessions on = numbers.computeIfAbsent(session.virtualNumber().e164(), vn -> new NumberSessions());
        for (long party : new long[] {session.firstDigits(), session.secondDigits()}) {
            if (party != 0) {
                on.parties.put(party, session);
            }
        }
        for (String digits : session.pins()) {
            if (digits != null) {
                on.pins.put(digits, session);
            }
        }
        if (session.takesAnyCaller()) {
            on.anyCaller.put(sessionUuid, session);
        }
        if (session.unknownCallerPlay() != null) {
            on.unknownCallerPlays.put(sessionUuid, session);
        }
    }

    private void remove(String sessionUuid, boolean ended) {
        if (ended) {
            lastCallers.remove(sessionUuid);
        }
        IndexedSession removed = sessions.remove(IndexedSession.key(sessionUuid));
        if (removed == null) {
            return;
        }
        NumberSessions on = numbers.get(removed.virtualNumber().e164());
        if (on == null) {
            return;
        }
        // Only this session's own entries: a newer session on the same number and caller or PIN stays.
        for (long party : new long[] {removed.firstDigits(), removed.secondDigits()}) {
            if (party != 0) {
                on.parties.remove(party, removed);
            }
        }
        for (String digits : removed.pins()) {
            if (digits != null) {
                on.pins.remove(digits, removed);
            }
        }
        on.anyCaller.remove(sessionUuid);
        on.unknownCallerPlays.remove(sessionUuid);
        if (on.isEmpty()) {
            numbers.remove(removed.virtualNumber().e164(), on);
            sharedNumbers.remove(removed.virtualNumber());
        }
    }

    private void forgetEndedBefore(Instant limit) {
        Iterator<Map.Entry<String, Instant>> oldestFirst = ended.entrySet().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().getValue().isBefore(limit)) {
            oldestFirst.remove();
        }
    }
}
