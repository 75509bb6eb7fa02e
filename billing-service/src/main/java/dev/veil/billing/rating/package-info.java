/**
 * Rating: an account's rate card (tariff per destination country and leg direction, a default tariff, a session
 * fee) and what one call leg costs under a tariff's rate and billing increments. Pure code, no I/O, so the money
 * rules are unit-tested without Spring.
 */
@NullMarked
package dev.veil.billing.rating;

import org.jspecify.annotations.NullMarked;
