package dev.veil.allocation.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A virtual number of a pool with its utilisation, as the pool API shows it.
 *
 * @param number          E.164 with {@code +}
 * @param country         ISO 3166 alpha-2, derived from the number
 * @param status          {@code active} (takes new sessions) or {@code retired} (keeps its live sessions only)
 * @param subaccount      the subaccount it is assigned to; null: the main account's own
 * @param liveSessions    sessions holding it now (reserved or confirmed)
 * @param coolingSessions expired sessions whose cool-off still holds their bindings on it
 * @param bindings        bindings held on it (parties, PINs, "any caller") by live and cooling sessions
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record PoolNumberView(String number, String country, String status, @Nullable String subaccount, long liveSessions,
        long coolingSessions, long bindings) {
}
