package dev.veil.router.carrier;

import dev.veil.platform.phone.PhoneNumber;
import org.jspecify.annotations.Nullable;

/** Callers the router knows valid without parsing them: the parties of the sessions on a virtual number. */
@FunctionalInterface
interface KnownCallers {

    /** The caller posted as {@code raw} when it is a party of a session on {@code called}, else null. */
    @Nullable PhoneNumber partyOn(PhoneNumber called, String raw);
}
