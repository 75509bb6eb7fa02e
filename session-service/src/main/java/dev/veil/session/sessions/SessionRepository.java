package dev.veil.session.sessions;

import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.BlindIndex;
import dev.veil.platform.privacy.EncryptedColumn;
import dev.veil.platform.privacy.FieldCipher;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.session.account.Tenant;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads and writes the sessions table (and reads interactions, which the event consumers write). Every read on
 * behalf of an API caller is limited to the sessions that caller's {@link Tenant} may see.
 *
 * <p>The parties' real numbers and the PINs are stored sealed with this service's data key ({@link #FIRST_PARTY},
 * {@link #SECOND_PARTY}, {@link #FIRST_PARTY_PIN}, {@link #SECOND_PARTY_PIN}); each party has its blind index beside
 * it ({@code first_party_index}, {@code second_party_index}), by which list filters, the route lookup and erasure
 * find sessions (sealing is randomized, so the sealed value cannot be compared).
 */
public final class SessionRepository {

    public static final EncryptedColumn FIRST_PARTY = new EncryptedColumn("sessions", "first_party");
    public static final EncryptedColumn SECOND_PARTY = new EncryptedColumn("sessions", "second_party");
    public static final EncryptedColumn FIRST_PARTY_PIN = new EncryptedColumn("sessions", "first_party_pin");
    public static final EncryptedColumn SECOND_PARTY_PIN = new EncryptedColumn("sessions", "second_party_pin");

    private static final String COLUMNS = """
            session_uuid, account_id, main_account_id, subaccount, first_party, first_party_index, second_party,
            second_party_index, virtual_number,
            status, geomatch, call_time_limit, ring_timeout, record, record_file_format, callback_url, callback_method,
            recording_callback_url, recording_callback_method, initiate_call_to_first_party, first_party_play_url,
            second_party_play_url, single_party, unknown_caller_play, cooloff_period, pin_required, generate_pin,
            generate_pin_length, first_party_pin, second_party_pin, pin_prompt_play, pin_retry, pin_retry_wait,
            incorrect_pin_play, force_pin, created_time, modified_time, expiry_time""";

    /** The columns an API update may change (PLIVO_API.md §2.3), plus the times it sets. */
    private static final List<String> UPDATABLE = List.of("first_party", "first_party_index", "second_party",
            "second_party_index", "call_time_limit",
            "ring_timeout", "record", "record_file_format", "callback_url", "callback_method", "recording_callback_url",
            "recording_callback_method", "first_party_play_url", "second_party_play_url", "modified_time",
            "expiry_time");

    private final DatabaseClient db;
    private final FieldCipher cipher;
    private final BlindIndex blindIndex;

    public SessionRepository(DatabaseClient db, PrivacyKeys keys) {
        this.db = db;
        this.cipher = keys.data();
        this.blindIndex = keys.blindIndex();
    }

    /** Inserts a new session; run it inside the transaction that appends its {@code SessionCreated}. */
    Mono<Void> insert(Session s) {
        String values = ":" + String.join(", :", COLUMNS.replaceAll("\\s+", "").split(","));
        GenericExecuteSpec spec = db.sql("INSERT INTO sessions (" + COLUMNS + ") VALUES (" + values + ")");
        for (Map.Entry<String, Object> e : columns(s).entrySet()) {
            spec = e.getValue() instanceof Class<?> type ? spec.bindNull(e.getKey(), type)
                    : spec.bind(e.getKey(), e.getValue());
        }
        return spec.then();
    }

    /** Writes the API-updatable columns of {@code s}; run it inside the transaction that appends its event. */
    Mono<Void> update(Session s) {
        Map<String, Object> values = columns(s);
        String assignments = String.join(", ", UPDATABLE.stream().map(c -> c + " = :" + c).toList());
        GenericExecuteSpec spec = db.sql("UPDATE sessions SET " + assignments
                + " WHERE session_uuid = :session_uuid").bind("session_uuid", s.sessionUuid());
        for (String column : UPDATABLE) {
            Object value = values.get(column);
            spec = value instanceof Class<?> type ? spec.bindNull(column, type) : spec.bind(column, value);
        }
        return spec.then();
    }

    private Map<String, Object> columns(Session s) {
        SessionOptions o = s.options();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("session_uuid", s.sessionUuid());
        c.put("account_id", s.accountId());
        c.put("main_account_id", s.mainAccountId());
        c.put("subaccount", orType(s.subaccount()));
        c.put("first_party", orType(FIRST_PARTY.seal(cipher, s.firstParty())));
        c.put("first_party_index", orType(index(s.firstParty())));
        c.put("second_party", orType(SECOND_PARTY.seal(cipher, s.secondParty())));
        c.put("second_party_index", orType(index(s.secondParty())));
        c.put("virtual_number", s.virtualNumber());
        c.put("status", s.status().wireName());
        c.put("geomatch", s.geomatch());
        c.put("call_time_limit", s.callTimeLimit());
        c.put("ring_timeout", s.ringTimeout());
        c.put("record", s.record());
        c.put("record_file_format", s.recordFileFormat());
        c.put("callback_url", s.callbackUrl());
        c.put("callback_method", s.callbackMethod());
        c.put("recording_callback_url", s.recordingCallbackUrl());
        c.put("recording_callback_method", s.recordingCallbackMethod());
        c.put("initiate_call_to_first_party", o.initiateCallToFirstParty());
        c.put("first_party_play_url", o.firstPartyPlayUrl());
        c.put("second_party_play_url", o.secondPartyPlayUrl());
        c.put("single_party", o.singleParty());
        c.put("unknown_caller_play", o.unknownCallerPlay());
        c.put("cooloff_period", o.cooloffPeriod());
        c.put("pin_required", o.pinRequired());
        c.put("generate_pin", o.generatePin());
        c.put("generate_pin_length", o.generatePinLength());
        c.put("first_party_pin", orType(FIRST_PARTY_PIN.seal(cipher, o.firstPartyPin())));
        c.put("second_party_pin", orType(SECOND_PARTY_PIN.seal(cipher, o.secondPartyPin())));
        c.put("pin_prompt_play", o.pinPromptPlay());
        c.put("pin_retry", o.pinRetry());
        c.put("pin_retry_wait", o.pinRetryWait());
        c.put("incorrect_pin_play", o.incorrectPinPlay());
        c.put("force_pin", o.forcePin());
        c.put("created_time", utc(s.createdTime()));
        c.put("modified_time", utc(s.modifiedTime()));
        c.put("expiry_time", utc(s.expiryTime()));
        return c;
    }

    private @Nullable String open(Readable row, EncryptedColumn column) {
        return column.open(cipher, row.get(column.column(), String.class));
    }

    private @Nullable String index(@Nullable String e164) {
        return e164 == null ? null : blindIndex.of(PhoneNumber.parse(e164));
    }

    /** The blind index of a number, as the {@code *_party_index} columns hold it. */
    public String index(PhoneNumber number) {
        return blindIndex.of(number);
    }

    /** The value, or its type to bind as NULL. */
    private static Object orType(@Nullable String value) {
        return value == null ? String.class : value;
    }

    /** The session with this uuid when the tenant may see it; empty otherwise. */
    public Mono<Session> find(UUID sessionUuid, Tenant tenant) {
        return db.sql("SELECT * FROM sessions WHERE session_uuid = :uuid AND " + visibleTo(tenant))
                .bind("uuid", sessionUuid).bind("tenant", tenant.authId())
                .map(this::session).one();
    }

    /** As {@link #find}, locking the row until the transaction ends; for read-validate-write changes. */
    Mono<Session> findForUpdate(UUID sessionUuid, Tenant tenant) {
        return db.sql("SELECT * FROM sessions WHERE session_uuid = :uuid AND " + visibleTo(tenant) + " FOR UPDATE")
                .bind("uuid", sessionUuid).bind("tenant", tenant.authId())
                .map(this::session).one();
    }

    /**
     * One page of the sessions matching {@code query}, newest first, and the total number of matches.
     *
     * @param query the filters as SQL conditions over the sessions table with their bind values
     */
    public Mono<Page> list(Tenant tenant, SessionQuery query) {
        String where = " WHERE " + visibleTo(tenant) + query.conditions();
        GenericExecuteSpec count = query.bind(db.sql("SELECT count(*) AS n FROM sessions" + where))
                .bind("tenant", tenant.authId());
        GenericExecuteSpec page = query.bind(db.sql("SELECT * FROM sessions" + where
                        + " ORDER BY created_time DESC, created_seq DESC LIMIT :limit OFFSET :offset"))
                .bind("tenant", tenant.authId()).bind("limit", query.limit()).bind("offset", query.offset());
        return count.map(row -> require(row, "n", Long.class)).one()
                .zipWith(page.map(this::session).all().collectList(),
                        (total, sessions) -> new Page(sessions, total));
    }

    /** A page of sessions and how many match in all. */
    public record Page(List<Session> sessions, long totalCount) {
    }

    private static String visibleTo(Tenant tenant) {
        return tenant.isSubaccount() ? "subaccount = :tenant" : "main_account_id = :tenant";
    }

    /** The session's interactions, oldest first (an interaction known only from billing so far comes last). */
    public Flux<Interaction> interactions(UUID sessionUuid) {
        return db.sql("""
                        SELECT * FROM interactions WHERE session_uuid = :uuid
                        ORDER BY start_time NULLS LAST, call_uuid""")
                .bind("uuid", sessionUuid)
                .map(SessionRepository::interaction).all();
    }

    /**
     * The live session on {@code virtualNumber} in which {@code caller} is a party (by blind index); failing that, a
     * live single-party session without PIN authentication on it, which takes any caller. The allocation rule makes
     * each unique; should two ever match, the newest wins.
     */
    public Mono<Session> findLive(String virtualNumber, PhoneNumber caller, Instant now) {
        return db.sql("""
                        SELECT * FROM sessions
                        WHERE virtual_number = :vn AND status <> 'expired' AND expiry_time > :now
                          AND (first_party_index = :caller OR second_party_index = :caller
                               OR (single_party AND NOT pin_required))
                        ORDER BY (first_party_index = :caller OR second_party_index = :caller) DESC NULLS LAST,
                                 created_time DESC
                        LIMIT 1""")
                .bind("vn", virtualNumber).bind("caller", blindIndex.of(caller)).bind("now", utc(now))
                .map(this::session).one();
    }

    /**
     * The live sessions on {@code virtualNumber} created at or after {@code since}, newest first, at most
     * {@code limit}: those call-router may not have read from the session topic yet.
     */
    public Flux<Session> findRecent(String virtualNumber, Instant since, Instant now, int limit) {
        return db.sql("""
                        SELECT * FROM sessions
                        WHERE virtual_number = :vn AND status <> 'expired' AND expiry_time > :now
                          AND created_time >= :since
                        ORDER BY created_time DESC, created_seq DESC
                        LIMIT :limit""")
                .bind("vn", virtualNumber).bind("since", utc(since)).bind("now", utc(now)).bind("limit", limit)
                .map(this::session).all();
    }

    /**
     * Marks the longest-overdue session expired and emits it, or emits nothing when none is due. A due session
     * another transaction holds is skipped rather than waited for, so replicas expire different sessions.
     */
    public Mono<Session> expireNextDue(Instant now) {
        return db.sql("""
                        UPDATE sessions SET status = 'expired'
                        WHERE session_uuid = (
                            SELECT session_uuid FROM sessions
                            WHERE status <> 'expired' AND expiry_time <= :now
                            ORDER BY expiry_time LIMIT 1
                            FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .bind("now", utc(now))
                .map(this::session).one();
    }

    /** Marks the session expired at {@code now} (an API expire) and emits it; empty when it already was. */
    Mono<Session> expire(UUID sessionUuid, Instant now) {
        return db.sql("""
                        UPDATE sessions SET status = 'expired', modified_time = :now
                        WHERE session_uuid = :uuid AND status <> 'expired'
                        RETURNING *""")
                .bind("uuid", sessionUuid).bind("now", utc(now))
                .map(this::session).one();
    }

    /**
     * Erases a number from the tenant's sessions (of every status) in which it is a party: each such session is
     * expired, its party numbers (sealed value and index) and PINs are deleted, and it is emitted as it is now. Run
     * it in the transaction that appends the sessions' {@code SessionExpired} events.
     */
    public Flux<Session> eraseParty(PhoneNumber number, Tenant tenant, Instant now) {
        return db.sql("""
                        UPDATE sessions SET status = 'expired', modified_time = :now,
                            first_party = NULL, first_party_index = NULL, second_party = NULL,
                            second_party_index = NULL, first_party_pin = NULL, second_party_pin = NULL
                        WHERE (first_party_index = :index OR second_party_index = :index) AND\s""" + visibleTo(tenant)
                        + " RETURNING *")
                .bind("index", blindIndex.of(number)).bind("tenant", tenant.authId()).bind("now", utc(now))
                .map(this::session).all();
    }

    Session session(Readable row) {
        return new Session(
                require(row, "session_uuid", UUID.class),
                require(row, "account_id", String.class),
                require(row, "main_account_id", String.class),
                row.get("subaccount", String.class),
                open(row, FIRST_PARTY),
                open(row, SECOND_PARTY),
                require(row, "virtual_number", String.class),
                SessionStatus.fromWireName(require(row, "status", String.class)),
                require(row, "geomatch", Boolean.class),
                require(row, "call_time_limit", Integer.class),
                require(row, "ring_timeout", Integer.class),
                require(row, "record", Boolean.class),
                require(row, "record_file_format", String.class),
                require(row, "callback_url", String.class),
                require(row, "callback_method", String.class),
                require(row, "recording_callback_url", String.class),
                require(row, "recording_callback_method", String.class),
                new SessionOptions(
                        require(row, "initiate_call_to_first_party", Boolean.class),
                        require(row, "first_party_play_url", String.class),
                        require(row, "second_party_play_url", String.class),
                        require(row, "single_party", Boolean.class),
                        require(row, "unknown_caller_play", String.class),
                        require(row, "cooloff_period", Integer.class),
                        require(row, "pin_required", Boolean.class),
                        require(row, "generate_pin", Boolean.class),
                        require(row, "generate_pin_length", Integer.class),
                        open(row, FIRST_PARTY_PIN),
                        open(row, SECOND_PARTY_PIN),
                        require(row, "pin_prompt_play", String.class),
                        require(row, "pin_retry", Integer.class),
                        require(row, "pin_retry_wait", Integer.class),
                        require(row, "incorrect_pin_play", String.class),
                        require(row, "force_pin", Boolean.class)),
                require(row, "created_time", OffsetDateTime.class).toInstant(),
                require(row, "modified_time", OffsetDateTime.class).toInstant(),
                require(row, "expiry_time", OffsetDateTime.class).toInstant(),
                require(row, "total_call_count", Integer.class),
                require(row, "total_call_amount", BigDecimal.class),
                require(row, "total_call_billed_duration", Long.class),
                require(row, "session_fees", BigDecimal.class),
                instant(row.get("last_interaction_time", OffsetDateTime.class)));
    }

    private static Interaction interaction(Readable row) {
        return new Interaction(
                require(row, "call_uuid", String.class),
                instant(row.get("start_time", OffsetDateTime.class)),
                instant(row.get("end_time", OffsetDateTime.class)),
                row.get("duration", Integer.class),
                require(row, "total_call_amount", BigDecimal.class),
                require(row, "call_billed_duration", Integer.class),
                require(row, "total_call_count", Integer.class),
                row.get("recording_resource_url", String.class));
    }

    private static <T> T require(Readable row, String column, Class<T> type) {
        return Objects.requireNonNull(row.get(column, type), column);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
