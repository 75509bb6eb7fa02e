package dev.veil.allocation;

import dev.veil.platform.phone.InvalidPhoneNumberException;
import dev.veil.platform.phone.PhoneNumber;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Settings of allocation-service ({@code veil.allocation.*}).
 *
 * @param pool               virtual numbers seeded at start-up, each owned by one account. Seeding adds the numbers
 *                           that are missing and never changes or removes a number that exists, so it is safe on
 *                           every start. Default: {@link #DEMO_POOL}, the demo account's pool. Setting the list
 *                           replaces the default entirely
 * @param reservationTimeout how long a reservation may wait for its session's {@code SessionCreated} before the
 *                           reaper releases it and its bindings; a session that was never created must not hold
 *                           numbers. Default 60 s; keep it well above session-service's create latency
 * @param reaperInterval     pause between two runs of the reservation reaper, of the cool-off release and of the
 *                           pool gauges' refresh. Default 10 s; a stale reservation is therefore released between
 *                           {@code reservationTimeout} and {@code reservationTimeout + reaperInterval} after it was
 *                           made, and a cool-off ends at most {@code reaperInterval} late
 * @param maxAttempts        how many candidate numbers one allocation tries, in order, before it answers
 *                           "Number pool exhausted". An attempt fails only when a concurrent allocation bound one
 *                           of the same parties to that number first. Default 20
 */
@ConfigurationProperties("veil.allocation")
public record AllocationProperties(
        List<PoolNumber> pool,
        @DefaultValue("60s") Duration reservationTimeout,
        @DefaultValue("10s") Duration reaperInterval,
        @DefaultValue("20") int maxAttempts) {

    /** The demo account's auth id, as seeded by session-service. */
    public static final String DEMO_ACCOUNT = "MAVEILDEMO0000000001";

    /** Three US numbers and one GB number for the demo account. */
    public static final List<PoolNumber> DEMO_POOL = List.of(
            new PoolNumber("+14155550190", DEMO_ACCOUNT),
            new PoolNumber("+14155550191", DEMO_ACCOUNT),
            new PoolNumber("+14155550192", DEMO_ACCOUNT),
            new PoolNumber("+442071838750", DEMO_ACCOUNT));

    public AllocationProperties {
        // The binder passes null when no veil.allocation.pool is configured.
        pool = pool == null ? DEMO_POOL : List.copyOf(pool);
        if (reservationTimeout.isNegative() || reservationTimeout.isZero()) {
            throw new IllegalArgumentException("veil.allocation.reservation-timeout must be positive");
        }
        if (reaperInterval.isNegative() || reaperInterval.isZero()) {
            throw new IllegalArgumentException("veil.allocation.reaper-interval must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("veil.allocation.max-attempts must be at least 1");
        }
    }

    /**
     * One virtual number of the seeded pool ({@code veil.allocation.pool[i].*}). Its country is not configured: it
     * is derived from the number, so it cannot disagree with it.
     *
     * @param number    the virtual number, E.164 (with or without {@code +}); must be a valid number
     * @param accountId auth id of the main account whose own (unassigned) number it becomes; the pool API assigns
     *                  numbers to subaccounts
     */
    public record PoolNumber(String number, String accountId) {

        public PoolNumber {
            try {
                PhoneNumber.parse(number);
            } catch (InvalidPhoneNumberException e) {
                // The pool holds Veil's own numbers, not a customer's, so naming it here is safe and useful.
                throw new IllegalArgumentException("veil.allocation.pool: " + number + " is not a valid phone number");
            }
            if (accountId == null || accountId.isBlank()) {
                throw new IllegalArgumentException("veil.allocation.pool: " + number + " has no account-id");
            }
        }

        /** The number in E.164 with its country. */
        public PhoneNumber phoneNumber() {
            return PhoneNumber.parse(number);
        }
    }
}
