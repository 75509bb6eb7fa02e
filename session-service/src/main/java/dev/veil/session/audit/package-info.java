/**
 * The audit log: admin actions on accounts and erasures, each written in the transaction of the action, listed by
 * the admin API ({@code GET /admin/v1/audit}).
 */
@NullMarked
package dev.veil.session.audit;

import org.jspecify.annotations.NullMarked;
