/**
 * Rate limits per account: the limits themselves (configured defaults, per-account values set through the admin API,
 * a subaccount inheriting its main account's), the token buckets admitting session creation, and the limits endpoint
 * call-router reads for calls started.
 */
@NullMarked
package dev.veil.session.limits;

import org.jspecify.annotations.NullMarked;
