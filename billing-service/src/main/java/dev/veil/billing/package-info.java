/**
 * billing-service: rating ({@code rating}, pure: rate cards, tariffs, increments), rate cards per account and their
 * admin API ({@code ratecard}), the charging of finished calls ({@code charging}: the {@code CallEnded} consumer,
 * the charge rows, {@code CallBilled}), session fees ({@code sessionfee}: {@code SessionCreated} in,
 * {@code SessionCharged} out), the usage API ({@code usage}) and the Kafka group membership of the bindings
 * ({@code membership}).
 */
@NullMarked
package dev.veil.billing;

import org.jspecify.annotations.NullMarked;
