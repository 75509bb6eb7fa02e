/** The client of allocation-service, which reserves a virtual number for each new session. */
@NullMarked
package dev.veil.session.allocation;

import org.jspecify.annotations.NullMarked;
