package dev.veil.events;

/**
 * One leg of a masked call as the carrier reported it.
 *
 * @param callUuid            the carrier's id of this leg; billing charges each leg once by it
 * @param direction           inbound (caller to VN) or outbound (VN to the other party)
 * @param party               the party this leg connects
 * @param country             ISO 3166 alpha-2 country of the party's number, for rating
 * @param durationSeconds     seconds the leg was up
 * @param billDurationSeconds seconds the carrier bills (answered time)
 * @param hangupCause         the carrier's hangup cause name, for example {@code NORMAL_CLEARING}
 */
public record CallLeg(
        String callUuid,
        LegDirection direction,
        PartyRole party,
        String country,
        int durationSeconds,
        int billDurationSeconds,
        String hangupCause) {
}
