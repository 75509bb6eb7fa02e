package dev.veil.billing.usage;

import com.fasterxml.jackson.annotation.JsonFormat;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one session was charged in the range: its call legs and its fee.
 *
 * @param sessionUuid    the session
 * @param accountId      the (sub)account charged
 * @param currency       ISO 4217 code of the amounts
 * @param firstChargedAt when the first of these charges was made
 * @param calls          calls (interactions) charged
 * @param legs           legs charged
 * @param billedSeconds  seconds billed over those legs
 * @param callAmount     sum of the legs' charges
 * @param sessionFee     the session's fee, 0 when none was charged in the range
 * @param totalAmount    {@code call_amount + session_fee}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record SessionUsage(
        String sessionUuid,
        String accountId,
        String currency,
        Instant firstChargedAt,
        long calls,
        long legs,
        long billedSeconds,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal callAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal sessionFee,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalAmount) {

    static final String CSV_HEADER = "session_uuid,account_id,currency,first_charged_at,calls,legs,billed_seconds,"
            + "call_amount,session_fee,total_amount";

    String csv() {
        return Csv.row(sessionUuid, accountId, currency, firstChargedAt, calls, legs, billedSeconds,
                callAmount.toPlainString(), sessionFee.toPlainString(), totalAmount.toPlainString());
    }
}
