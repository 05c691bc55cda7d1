package io.mediarelay.runtime.health;

import java.time.Instant;

/**
 * Per flow: how many messages wait on a retry (and since when), how many are dead (and the newest). Counted by the
 * dead-letter store, judged by {@link FlowHealthCheck}; here, with its reader, so health does not depend on the
 * dead-letter package that depends on it.
 */
public record FlowFailures(String flowId, int retrying, Instant retryingSince, Instant nextAttempt, int dead,
                           Instant lastDead, String lastReason) {
}
