/**
 * allocation-service: the virtual number pool ({@code pool}), allocation of a number to a session under the reuse
 * rule ({@code reservation}) and the allocation's lifecycle driven by session events ({@code lifecycle}).
 */
@NullMarked
package dev.veil.allocation;

import org.jspecify.annotations.NullMarked;
