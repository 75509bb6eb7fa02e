/**
 * The public usage API: an authenticated account's (and, for a main account, its subaccounts') charges totalled
 * per day or month, country and direction, and per session, as JSON or CSV, read straight from the charge rows.
 */
@NullMarked
package dev.veil.billing.usage;

import org.jspecify.annotations.NullMarked;
