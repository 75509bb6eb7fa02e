/** The internal route lookup call-router uses when its in-memory index misses. */
@NullMarked
package dev.veil.session.routes;

import org.jspecify.annotations.NullMarked;
