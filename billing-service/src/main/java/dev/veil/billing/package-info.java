/**
 * billing-service: leg rating ({@code rating}, pure) and the charging of finished calls ({@code charging}: the
 * {@code CallEnded} consumer, the charge rows, the {@code CallBilled} event and the charges debug endpoint).
 */
@NullMarked
package dev.veil.billing;

import org.jspecify.annotations.NullMarked;
