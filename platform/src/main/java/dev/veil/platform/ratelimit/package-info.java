/** Rate limits per account: token buckets answering how long a refused caller should wait ({@code Retry-After}). */
package dev.veil.platform.ratelimit;
