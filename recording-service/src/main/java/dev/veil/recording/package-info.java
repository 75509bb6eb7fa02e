/**
 * recording-service: the carrier's recording callbacks and the media copy ({@code capture}), Veil's media store
 * ({@code store}), recording metadata ({@code metadata}), the customer's Recording API ({@code api}) and retention
 * ({@code retention}).
 */
@NullMarked
package dev.veil.recording;

import org.jspecify.annotations.NullMarked;
