package dev.veil.allocation.reservation;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A session's virtual number, as the allocation endpoint answers it.
 *
 * @param sessionUuid    the session the number is allocated to
 * @param virtualNumber  the virtual number, E.164 with {@code +}
 * @param status         {@code reserved} for a new allocation; a repeated request shows the current status
 * @param firstPartyPin  the PIN generated for the first party ({@code generate_pin_length}); absent otherwise
 * @param secondPartyPin the PIN generated for the second party; absent otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Allocation(String sessionUuid, String virtualNumber, AllocationStatus status,
        @Nullable String firstPartyPin, @Nullable String secondPartyPin) {

    Allocation(String sessionUuid, String virtualNumber, AllocationStatus status) {
        this(sessionUuid, virtualNumber, status, null, null);
    }
}
