package dev.veil.session.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.veil.session.api.ApiError;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code GET /admin/v1/audit?limit=&offset=} (admin credentials, checked by the admin authentication filter): the
 * audit log, newest first. {@code limit} 1-100 (default 20), {@code offset} 0 or more; anything else is 400.
 */
@RestController
class AuditController {

    static final int MAX_LIMIT = 100;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping({"/admin/v1/audit", "/admin/v1/audit/"})
    Mono<ResponseEntity<?>> list(@RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String offset) {
        Long pageLimit = integer(limit, 20);
        Long pageOffset = integer(offset, 0);
        if (pageLimit == null || pageLimit < 1 || pageLimit > MAX_LIMIT) {
            return Mono.just(ResponseEntity.badRequest().body(ApiError.of(
                    "Invalid parameter. limit should be between 1 and " + MAX_LIMIT + ".")));
        }
        if (pageOffset == null || pageOffset < 0) {
            return Mono.just(ResponseEntity.badRequest().body(ApiError.of(
                    "Invalid parameter. offset should be 0 or more.")));
        }
        return audit.list(pageLimit.intValue(), pageOffset).map(entries -> ResponseEntity.ok(new Page(
                new Meta(pageLimit.intValue(), pageOffset), entries.stream().map(Entry::of).toList())));
    }

    private static @Nullable Long integer(@Nullable String raw, long otherwise) {
        if (raw == null || raw.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    record Page(@JsonProperty("meta") Meta meta, @JsonProperty("objects") List<Entry> objects) {
    }

    record Meta(@JsonProperty("limit") int limit, @JsonProperty("offset") long offset) {
    }

    /** An entry as the API shows it; {@code time} in UTC as {@code YYYY-MM-DD HH:MM:SS}. */
    record Entry(@JsonProperty("id") long id, @JsonProperty("time") String time, @JsonProperty("actor") String actor,
            @JsonProperty("action") String action, @JsonProperty("target_account") @Nullable String targetAccount,
            @JsonProperty("details") JsonNode details) {

        static Entry of(AuditLog.Entry e) {
            return new Entry(e.id(), TIME.format(e.time()), e.actor(), e.action(), e.targetAccount(), e.details());
        }
    }
}
