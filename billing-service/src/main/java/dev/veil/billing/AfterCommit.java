package dev.veil.billing;

import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/** Defers side effects that must not happen for a charge that rolls back (metrics, log lines) to the commit. */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs {@code action} once the current reactive transaction committed; never when it rolls back. */
    public static Mono<Void> run(Runnable action) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(sync -> sync.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        return Mono.fromRunnable(action);
                    }
                }))
                .then();
    }
}
