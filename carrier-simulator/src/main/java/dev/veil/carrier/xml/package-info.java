/**
 * Plivo voice XML as the simulator understands it: {@link dev.veil.carrier.xml.PlivoXml} reads an application's
 * {@code <Response>} into {@link dev.veil.carrier.xml.Verb}s with a hardened DOM parser (no DTDs, no external
 * entities).
 */
@NullMarked
package dev.veil.carrier.xml;

import org.jspecify.annotations.NullMarked;
