/**
 * Rating: what one call leg costs under a rate plan (billing increments, rate per minute, currency). Pure code, no
 * I/O, so the money rules are unit-tested without Spring.
 */
@NullMarked
package dev.veil.billing.rating;

import org.jspecify.annotations.NullMarked;
