package dev.veil.bench.platform;

import dev.veil.allocation.reservation.Binding;
import dev.veil.events.PartyNumber;
import dev.veil.events.SessionCreated;
import dev.veil.events.SessionState;
import dev.veil.platform.events.EventCodec;
import dev.veil.platform.outbox.Outbox;
import dev.veil.platform.phone.PhoneNumber;
import dev.veil.platform.privacy.PrivacyKeys;
import dev.veil.session.sessions.SessionRepository;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Creates live sessions in bulk by writing, in batches, exactly the rows one session create writes, so a million
 * sessions take minutes instead of the hours the public API needs at the rate a 2-core machine sustains. Everything
 * downstream of those rows runs as in production: session-service's outbox relay publishes each
 * {@code SessionCreated}, and every consumer (allocation-service confirming the reservation, call-router indexing the
 * session, billing, recording) applies it through its own code.
 *
 * <p>Per session, as {@code POST …/Masking/Session} of a two-party session without options would:
 * <ul>
 *   <li>allocation-service (schema {@code allocation}): a {@code reserved} allocation holding the parties' bindings
 *       ({@code party:<blind index>}), the bindings, and the number's {@code live_sessions} count, as its allocator
 *       writes them;</li>
 *   <li>session-service (schema {@code session}), in one transaction: the session row, copied from a template
 *       session the API created (every option and default as the API stored them), with the new uuid, parties
 *       (sealed with the data key, with their blind indexes) and times; and its {@code SessionCreated} appended
 *       with session-service's own {@link Outbox}.</li>
 * </ul>
 * Every session takes the template's virtual number, which is the allocator's choice for parties no number holds:
 * it packs new sessions onto the most loaded admissible number (allocation-service's {@code PackingStrategy}), and
 * with every party new, that stays the template's number. The parties are the bench's numbers, never reused.
 */
public final class BulkSeeder {

    /** One batch's sessions per transaction: large enough to amortise round trips, small enough to keep WAL moving. */
    public static final int BATCH = 2_000;

    /** The template's columns not copied: the ones a new session sets itself, and the insertion sequence. */
    private static final List<String> OWN_COLUMNS = List.of("session_uuid", "first_party", "first_party_index",
            "second_party", "second_party_index", "created_time", "modified_time", "expiry_time", "created_seq");

    private final DatabaseClient sessionDb;
    private final DatabaseClient allocationDb;
    private final TransactionalOperator sessionTx;
    private final TransactionalOperator allocationTx;
    private final Outbox outbox;
    private final PrivacyKeys keys;
    /** Every column of session-service's sessions table but those a seeded session sets itself. */
    private final List<String> copiedColumns;

    /**
     * Reaches the platform's Postgres, session-service's and allocation-service's schemas (a connection per statement
     * or transaction).
     */
    public BulkSeeder(Platform.Internals platform) {
        Platform.Database database = platform.database();
        this.keys = platform.sessionServiceKeys();
        PostgresqlConnectionFactory sessions = connect(database, "session");
        PostgresqlConnectionFactory allocations = connect(database, "allocation");
        this.sessionDb = DatabaseClient.create(sessions);
        this.allocationDb = DatabaseClient.create(allocations);
        this.sessionTx = TransactionalOperator.create(new R2dbcTransactionManager(sessions));
        this.allocationTx = TransactionalOperator.create(new R2dbcTransactionManager(allocations));
        this.outbox = new Outbox(sessionDb, new EventCodec(), Clock.systemUTC());
        this.copiedColumns = Objects.requireNonNull(sessionDb.sql("""
                        SELECT column_name FROM information_schema.columns
                        WHERE table_schema = 'session' AND table_name = 'sessions' ORDER BY ordinal_position""")
                .map((Readable row) -> row.get("column_name", String.class))
                .all()
                .filter(c -> !OWN_COLUMNS.contains(c))
                .collectList()
                .block());
    }

    /** A session the API created, whose options, account, number and expiry period the seeded sessions copy. */
    public record Template(String sessionUuid, String accountId, String virtualNumber, int callTimeLimit,
            int ringTimeout, boolean record, String recordFileFormat, long expirySeconds) {
    }

    /** Reads the template session's row. */
    public Template template(String sessionUuid) {
        return sessionDb.sql("""
                        SELECT account_id, virtual_number, call_time_limit, ring_timeout, record, record_file_format,
                               extract(epoch FROM expiry_time - created_time) AS expiry_seconds
                        FROM sessions WHERE session_uuid = CAST(:id AS uuid)""")
                .bind("id", sessionUuid)
                .map((Readable row) -> new Template(sessionUuid, row.get("account_id", String.class),
                        row.get("virtual_number", String.class),
                        Objects.requireNonNull(row.get("call_time_limit", Integer.class)),
                        Objects.requireNonNull(row.get("ring_timeout", Integer.class)),
                        Objects.requireNonNull(row.get("record", Boolean.class)),
                        row.get("record_file_format", String.class),
                        Objects.requireNonNull(row.get("expiry_seconds", Number.class)).longValue()))
                .one()
                .blockOptional()
                .orElseThrow(() -> new IllegalStateException("template session " + sessionUuid + " not found"));
    }

    /** A seeded session's parties, E.164. */
    public record Parties(String first, String second) {
    }

    /**
     * Writes one batch: the allocations first (committed, as allocation-service answers before session-service
     * writes), then the sessions with their events. Returns the sessions' uuids.
     */
    public List<String> seed(Template template, List<Parties> parties) {
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expiry = created.plusSeconds(template.expirySeconds());
        int n = parties.size();
        String[] uuids = new String[n];
        String[] firstIndexes = new String[n];
        String[] secondIndexes = new String[n];
        String[] firstSealed = new String[n];
        String[] secondSealed = new String[n];
        String[] requestKeys = new String[n];
        String[] firstBindings = new String[n];
        String[] secondBindings = new String[n];
        List<Outbox.Entry> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            PhoneNumber first = PhoneNumber.parse(parties.get(i).first());
            PhoneNumber second = PhoneNumber.parse(parties.get(i).second());
            PartyNumber firstParty = keys.party(first);
            PartyNumber secondParty = keys.party(second);
            uuids[i] = UUID.randomUUID().toString();
            firstIndexes[i] = firstParty.index();
            secondIndexes[i] = secondParty.index();
            firstSealed[i] = SessionRepository.FIRST_PARTY.seal(keys.data(), first.e164());
            secondSealed[i] = SessionRepository.SECOND_PARTY.seal(keys.data(), second.e164());
            firstBindings[i] = Binding.party(firstIndexes[i]);
            secondBindings[i] = Binding.party(secondIndexes[i]);
            // allocation-service's request key of a two-party session without options: its bindings, sorted.
            requestKeys[i] = String.join(",", Stream.of(firstBindings[i], secondBindings[i]).sorted().toList());
            SessionState state = new SessionState(template.accountId(), firstParty, secondParty,
                    template.virtualNumber(), "active", template.callTimeLimit(), template.ringTimeout(), created,
                    expiry, template.record(), template.recordFileFormat());
            events.add(new Outbox.Entry(new SessionCreated(uuids[i], state, created), "bench-seed-" + uuids[i]));
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(created, ZoneOffset.UTC);
        allocationTx.transactional(allocationDb.sql("""
                                INSERT INTO allocations (session_uuid, account_id, virtual_number, status, reserved_at,
                                                         request_key, held_bindings, cooloff_seconds)
                                SELECT s.id, :account, :number, 'reserved', :now, s.request_key,
                                       ARRAY[s.first_binding, s.second_binding], 0
                                FROM unnest(CAST(:ids AS text[]), CAST(:keys AS text[]), CAST(:firsts AS text[]),
                                            CAST(:seconds AS text[])) AS s(id, request_key, first_binding,
                                                                           second_binding)""")
                        .bind("account", template.accountId()).bind("number", template.virtualNumber())
                        .bind("now", now).bind("ids", uuids).bind("keys", requestKeys)
                        .bind("firsts", firstBindings).bind("seconds", secondBindings)
                        .then()
                        .then(allocationDb.sql("""
                                        INSERT INTO bindings (virtual_number, binding, session_uuid)
                                        SELECT :number, b.binding, b.id
                                        FROM unnest(CAST(:ids AS text[]) || CAST(:ids AS text[]),
                                                    CAST(:firsts AS text[]) || CAST(:seconds AS text[]))
                                             AS b(id, binding)""")
                                .bind("number", template.virtualNumber()).bind("ids", uuids)
                                .bind("firsts", firstBindings).bind("seconds", secondBindings)
                                .then())
                        .then(allocationDb.sql("UPDATE virtual_numbers SET live_sessions = live_sessions + :n "
                                        + "WHERE number = :number")
                                .bind("n", n).bind("number", template.virtualNumber()).then()))
                .block();
        sessionTx.transactional(sessionDb.sql(("""
                                INSERT INTO sessions (session_uuid, first_party, first_party_index, second_party,
                                                      second_party_index, created_time, modified_time, expiry_time, %s)
                                SELECT CAST(s.id AS uuid), s.first, s.first_index, s.second, s.second_index, :created,
                                       :created, :expiry, %s
                                FROM unnest(CAST(:ids AS text[]), CAST(:firsts AS text[]), CAST(:firstIndexes AS text[]),
                                            CAST(:seconds AS text[]), CAST(:secondIndexes AS text[]))
                                     AS s(id, first, first_index, second, second_index)
                                CROSS JOIN (SELECT * FROM sessions WHERE session_uuid = CAST(:template AS uuid)) t""")
                                .formatted(String.join(", ", copiedColumns),
                                        String.join(", ", copiedColumns.stream().map(c -> "t." + c).toList())))
                        .bind("ids", uuids).bind("firsts", firstSealed).bind("firstIndexes", firstIndexes)
                        .bind("seconds", secondSealed).bind("secondIndexes", secondIndexes)
                        .bind("created", now).bind("expiry", OffsetDateTime.ofInstant(expiry, ZoneOffset.UTC))
                        .bind("template", template.sessionUuid())
                        .then()
                        .then(outbox.appendAll(events)))
                .block();
        return List.of(uuids);
    }

    /** Sessions still waiting in session-service's outbox (published once it is empty). */
    public long outboxBacklog() {
        return Objects.requireNonNull(sessionDb.sql("SELECT count(*) AS n FROM outbox")
                .map((Readable row) -> row.get("n", Long.class)).one().block());
    }

    /** Allocations still reserved: the ones allocation-service has not confirmed from their SessionCreated yet. */
    public long unconfirmed() {
        return Objects.requireNonNull(allocationDb.sql("SELECT count(*) AS n FROM allocations WHERE status = 'reserved'")
                .map((Readable row) -> row.get("n", Long.class)).one().block());
    }

    private static PostgresqlConnectionFactory connect(Platform.Database database, String schema) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(database.host()).port(database.port()).database(database.name())
                .username(database.username()).password(database.password()).schema(schema)
                .build());
    }
}
