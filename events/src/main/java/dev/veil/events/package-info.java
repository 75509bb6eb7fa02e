/**
 * Veil's event contracts: the records published on Kafka, their stable wire type names, topic names and the
 * envelope carried in record headers. Each type has a JSON Schema and a golden sample under
 * {@code veil/events/} on the classpath.
 */
package dev.veil.events;
