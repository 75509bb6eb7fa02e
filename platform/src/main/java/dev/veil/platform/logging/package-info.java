/**
 * Log correlation: the request, session and call ids every log line carries as fields of the structured (JSON)
 * log, through the Reactor context and the MDC.
 */
package dev.veil.platform.logging;
