/**
 * How billing's Kafka consumers belong to their group: static membership under a stable instance id and a short
 * session timeout, so a billing instance killed with {@code kill -9} and restarted resumes charging at once instead
 * of waiting out Kafka's 45 s default session timeout.
 */
@NullMarked
package dev.veil.billing.membership;

import org.jspecify.annotations.NullMarked;
