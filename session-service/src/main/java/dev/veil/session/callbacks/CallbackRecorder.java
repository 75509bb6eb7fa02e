package dev.veil.session.callbacks;

import dev.veil.events.CallLegChanged;
import dev.veil.events.LegState;
import dev.veil.events.PartyRole;
import dev.veil.events.PinAuthenticated;
import dev.veil.events.RecordingCompleted;
import dev.veil.events.RecordingFailed;
import dev.veil.events.RecordingStarted;
import dev.veil.platform.privacy.EncryptedColumn;
import dev.veil.platform.privacy.FieldCipher;
import dev.veil.session.sessions.SessionRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns events into stored callbacks (PLIVO_API.md §6). Every method runs inside the transaction of the event that
 * causes it (the consumer's, with its consumed-event marker, or the expiry's), so a redelivered event never stores
 * a second callback and a rolled-back one stores none. The session row is locked to take the next
 * {@code SequenceNumber}, which orders the session's callbacks; a session without the URL of the callback's kind
 * gets nothing.
 *
 * <p>"First party" and "second party" in the event names are the interaction's legs, as Plivo's event set implies
 * (only the second party rings): the first party is the caller (the leg into the virtual number, or the party Veil
 * called for a request-a-call), the second party the one dialled. {@code From} is the caller's real number, {@code To}
 * the dialled party's, {@code VirtualNumber} the session's number, all without {@code +}. The parameters are stored
 * as JSON sealed with the data key ({@link #PARAMS}): they hold those real numbers.
 */
public final class CallbackRecorder {

    /** The stored request parameters of a callback (JSON object), sealed. */
    public static final EncryptedColumn PARAMS = new EncryptedColumn("callbacks", "params");

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final DatabaseClient db;
    private final JsonMapper json;
    private final FieldCipher cipher;
    private final Clock clock;

    CallbackRecorder(DatabaseClient db, JsonMapper json, FieldCipher cipher, Clock clock) {
        this.db = db;
        this.json = json;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * {@code SessionFirstPartyAnswer} (the caller's leg answered), {@code SessionSecondPartyRing} /
     * {@code SessionSecondPartyAnswer} / {@code SessionSecondPartyHangup} (the dialled leg), and
     * {@code SessionFirstPartyHangup} (the caller's leg hung up).
     */
    public Mono<Void> legChanged(CallLegChanged event) {
        boolean callerLeg = event.legUuid().equals(event.callUuid());
        String name = switch (event.state()) {
            case RINGING -> callerLeg ? null : "SessionSecondPartyRing";
            case ANSWERED -> callerLeg ? "SessionFirstPartyAnswer" : "SessionSecondPartyAnswer";
            case HUNG_UP -> callerLeg ? "SessionFirstPartyHangup" : "SessionSecondPartyHangup";
            case UNKNOWN -> null;
        };
        if (name == null) {
            return Mono.empty();
        }
        PartyRole caller = callerLeg ? event.party() : event.party().other();
        return record(event.sessionUuid(), CallbackKind.STATUS, name, event.occurredAt(), caller, params -> {
            if (event.state() == LegState.HUNG_UP && event.hangupCause() != null) {
                params.put("PlivoHangupCause", event.hangupCause());
                HangupCauses.code(event.hangupCause())
                        .ifPresent(code -> params.put("PlivoHangupCauseCode", String.valueOf(code)));
            }
        });
    }

    /**
     * {@code SessionPinAuthenticationStatus} with {@code PinAuthenticationStatus} and {@code PinRetryCounter}. The
     * caller of a PIN check need not be a party, and events carry no number, so {@code From}/{@code To} are left
     * out; the answer events that follow a success carry them.
     */
    public Mono<Void> pinAuthenticated(PinAuthenticated event) {
        String status = switch (event.outcome()) {
            case SUCCESS -> "success";
            case FAILED -> "failed";
            case AUTHORIZED_CALLER -> "AuthorizedCaller";
            case UNKNOWN -> null;
        };
        if (status == null) {
            return Mono.empty();
        }
        return record(event.sessionUuid(), CallbackKind.STATUS, "SessionPinAuthenticationStatus",
                event.occurredAt(), null, params -> {
                    params.put("PinAuthenticationStatus", status);
                    params.put("PinRetryCounter", String.valueOf(event.retryCount()));
                });
    }

    /**
     * {@code SessionPartiesHangup} ("the session call is done") once the call has both ended and been billed, so
     * {@code Amount} is known; whichever of {@code CallEnded} and {@code CallBilled} is applied second sends it, and
     * only once (the interaction's {@code hangup_notified} flag, flipped under the row lock).
     */
    public Mono<Void> partiesHangupWhenComplete(String callUuid) {
        return db.sql("""
                        UPDATE interactions SET hangup_notified = true
                        WHERE call_uuid = :call AND billed AND end_time IS NOT NULL AND NOT hangup_notified
                        RETURNING session_uuid, end_time, duration, total_call_amount, call_billed_duration,
                                  caller_role, hangup_cause""")
                .bind("call", callUuid)
                .map(row -> new EndedCall(Objects.requireNonNull(row.get("session_uuid", UUID.class)),
                        Objects.requireNonNull(row.get("end_time", OffsetDateTime.class)).toInstant(),
                        Objects.requireNonNullElse(row.get("duration", Integer.class), 0),
                        Objects.requireNonNull(row.get("total_call_amount", BigDecimal.class)),
                        Objects.requireNonNull(row.get("call_billed_duration", Integer.class)),
                        role(row.get("caller_role", String.class)), row.get("hangup_cause", String.class)))
                .one()
                .flatMap(call -> record(call.sessionUuid().toString(), CallbackKind.STATUS, "SessionPartiesHangup",
                        call.endTime(), call.caller(), params -> {
                            params.put("Amount", amount(call.amount()));
                            params.put("BilledDuration", String.valueOf(call.billedDuration()));
                            params.put("Duration", String.valueOf(call.duration()));
                            if (call.hangupCause() != null) {
                                params.put("PlivoHangupCause", call.hangupCause());
                                HangupCauses.code(call.hangupCause())
                                        .ifPresent(code -> params.put("PlivoHangupCauseCode", String.valueOf(code)));
                            }
                        }));
    }

    /** {@code SessionTimeout}: the session expired at its expiry time ({@code From}/{@code To} are its parties). */
    public Mono<Void> sessionTimeout(UUID sessionUuid, Instant at) {
        return record(sessionUuid.toString(), CallbackKind.STATUS, "SessionTimeout", at, PartyRole.FIRST_PARTY,
                params -> { });
    }

    /** {@code SessionRecordingInitiated} to the recording callback URL. */
    public Mono<Void> recordingStarted(RecordingStarted event) {
        return callerOf(event.callUuid()).flatMap(caller -> record(event.sessionUuid(), CallbackKind.RECORDING,
                "SessionRecordingInitiated", event.startedAt(), caller.orElse(null), params -> {
                    params.put("RecordingUUID", event.recordingId());
                    params.put("RecordingStartTime", TIME.format(event.startedAt()));
                    params.put("RecordingFormat", "." + event.format());
                }));
    }

    /** {@code SessionRecordingCompleted} with the recording's URLs, length and times. */
    public Mono<Void> recordingCompleted(RecordingCompleted event) {
        return callerOf(event.callUuid()).flatMap(caller -> record(event.sessionUuid(), CallbackKind.RECORDING,
                "SessionRecordingCompleted", event.endTime(), caller.orElse(null), params -> {
                    params.put("RecordingUUID", event.recordingId());
                    params.put("RecordingURL", event.mediaUrl());
                    params.put("RecordingResourceURL", event.resourceUrl());
                    params.put("RecordingDuration", String.valueOf(event.durationSeconds()));
                    params.put("RecordingStartTime", TIME.format(event.startTime()));
                    params.put("RecordingEndTime", TIME.format(event.endTime()));
                    params.put("RecordingFormat", "." + event.format());
                }));
    }

    /** {@code SessionRecordingFailed}; {@code RecordingUUID} only when the carrier reported one. */
    public Mono<Void> recordingFailed(RecordingFailed event) {
        return callerOf(event.callUuid()).flatMap(caller -> record(event.sessionUuid(), CallbackKind.RECORDING,
                "SessionRecordingFailed", event.failedAt(), caller.orElse(null), params -> {
                    if (event.recordingId() != null) {
                        params.put("RecordingUUID", event.recordingId());
                    }
                }));
    }

    private Mono<Optional<PartyRole>> callerOf(String callUuid) {
        return db.sql("SELECT caller_role FROM interactions WHERE call_uuid = :call").bind("call", callUuid)
                .map(row -> Optional.ofNullable(role(row.get("caller_role", String.class))))
                .one()
                .defaultIfEmpty(Optional.empty());
    }

    /**
     * Stores one callback: takes the session's next sequence number under its row lock (only when the session has
     * the URL of this kind), then inserts the callback, due now.
     *
     * @param caller the party that called in this interaction, for {@code From}/{@code To}; null to leave them out
     */
    private Mono<Void> record(String sessionUuid, CallbackKind kind, String eventName, Instant eventTime,
            @Nullable PartyRole caller, Consumer<Map<String, String>> extra) {
        String urlColumn = kind == CallbackKind.RECORDING ? "recording_callback_url" : "callback_url";
        String methodColumn = kind == CallbackKind.RECORDING ? "recording_callback_method" : "callback_method";
        UUID session = UUID.fromString(sessionUuid);
        return db.sql("UPDATE sessions SET callback_seq = callback_seq + 1 WHERE session_uuid = :session AND "
                        + urlColumn + " <> '' RETURNING callback_seq, first_party, second_party, virtual_number, "
                        + "main_account_id, COALESCE(subaccount, main_account_id) AS owner, " + urlColumn + " AS url, "
                        + methodColumn + " AS method")
                .bind("session", session)
                .map(row -> {
                    long sequence = Objects.requireNonNull(row.get("callback_seq", Long.class));
                    Map<String, String> params = new LinkedHashMap<>();
                    params.put("EventName", eventName);
                    params.put("EventTimestamp", TIME.format(eventTime));
                    params.put("SessionUUID", sessionUuid);
                    String first = SessionRepository.FIRST_PARTY.open(cipher, row.get("first_party", String.class));
                    String second = SessionRepository.SECOND_PARTY.open(cipher,
                            row.get("second_party", String.class));
                    if (caller == PartyRole.FIRST_PARTY || caller == PartyRole.SECOND_PARTY) {
                        params.put("From", digits(caller == PartyRole.FIRST_PARTY ? first : second));
                        params.put("To", digits(caller == PartyRole.FIRST_PARTY ? second : first));
                    }
                    params.put("VirtualNumber", digits(row.get("virtual_number", String.class)));
                    extra.accept(params);
                    params.put("SequenceNumber", String.valueOf(sequence));
                    return new NewCallback(sequence, Objects.requireNonNull(row.get("owner", String.class)),
                            Objects.requireNonNull(row.get("main_account_id", String.class)),
                            Objects.requireNonNull(row.get("url", String.class)),
                            Objects.requireNonNull(row.get("method", String.class)), params);
                })
                .one()
                .flatMap(callback -> {
                    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
                    return db.sql("""
                                    INSERT INTO callbacks (callback_uuid, session_uuid, sequence_number, account_id,
                                        main_account_id, kind, event_name, url, method, params, event_time,
                                        created_at, status, next_attempt_at, retry_from)
                                    VALUES (:uuid, :session, :sequence, :account, :main, :kind, :event, :url, :method,
                                        :params, :eventTime, :now, 'pending', :now, :now)""")
                            .bind("uuid", UUID.randomUUID()).bind("session", session)
                            .bind("sequence", callback.sequence()).bind("account", callback.owner())
                            .bind("main", callback.mainAccountId()).bind("kind", kind.wireName())
                            .bind("event", eventName).bind("url", callback.url())
                            .bind("method", "GET".equalsIgnoreCase(callback.method()) ? "GET" : "POST")
                            .bind("params", PARAMS.seal(cipher, json.writeValueAsString(callback.params())))
                            .bind("eventTime", OffsetDateTime.ofInstant(eventTime, ZoneOffset.UTC))
                            .bind("now", now)
                            .then();
                });
    }

    private static String digits(@Nullable String e164) {
        return e164 == null ? "" : e164.startsWith("+") ? e164.substring(1) : e164;
    }

    private static String amount(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static @Nullable PartyRole role(@Nullable String stored) {
        if (stored == null) {
            return null;
        }
        return switch (stored) {
            case "first_party" -> PartyRole.FIRST_PARTY;
            case "second_party" -> PartyRole.SECOND_PARTY;
            default -> null;
        };
    }

    /** The wire name of a role, as the interactions table stores {@code caller_role}. */
    public static String roleName(PartyRole role) {
        return switch (role) {
            case FIRST_PARTY -> "first_party";
            case SECOND_PARTY -> "second_party";
            case UNKNOWN -> "unknown";
        };
    }

    private record NewCallback(long sequence, String owner, String mainAccountId, String url, String method,
            Map<String, String> params) {
    }

    private record EndedCall(UUID sessionUuid, Instant endTime, int duration, BigDecimal amount, int billedDuration,
            @Nullable PartyRole caller, @Nullable String hangupCause) {
    }
}
