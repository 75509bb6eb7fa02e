/**
 * call-router: answers the carrier's webhooks for calls to virtual numbers. Routes each call from an in-memory
 * index of live sessions ({@code index}), turns the carrier's reports into call events ({@code call}) and speaks
 * each carrier's webhook dialect through one adapter per carrier ({@code carrier}).
 */
@NullMarked
package dev.veil.router;

import org.jspecify.annotations.NullMarked;
