/**
 * Recordings made by {@code <Record>}: their media, generated on demand at the recording's duration (a quiet tone
 * as 8 kHz 8-bit WAV, or silent MPEG-2 Layer III frames as MP3), served at {@code GET /sim/v1/recordings/{id}.{ext}}
 * with HTTP Range support, and a switch that makes every media request fail, for the failure paths of the
 * application that fetches them.
 */
@NullMarked
package dev.veil.carrier.recording;

import org.jspecify.annotations.NullMarked;
