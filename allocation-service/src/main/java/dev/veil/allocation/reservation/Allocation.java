package dev.veil.allocation.reservation;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A session's virtual number, as the allocation endpoint answers it.
 *
 * @param sessionUuid   the session the number is allocated to
 * @param virtualNumber the virtual number, E.164 with {@code +}
 * @param status        {@code reserved} for a new allocation; a repeated request shows the current status
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Allocation(String sessionUuid, String virtualNumber, AllocationStatus status) {
}
