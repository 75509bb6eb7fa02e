package dev.veil.carrier.api;

/** The body of every error answer of the simulator's API. */
record ErrorBody(String error) {
}
