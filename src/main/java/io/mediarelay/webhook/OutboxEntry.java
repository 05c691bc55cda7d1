package io.mediarelay.webhook;

import java.time.Instant;

/** One row of {@code webhook_outbox}: one event for one receiver. */
public record OutboxEntry(long id, String eventId, String eventType, String receiver, String assetId, String payload,
                          Instant createdAt, int attempts, Instant nextAttemptAt, String status, String lastError,
                          Instant giveUpAt, Instant deliveredAt, Integer lastStatus) {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD = "DEAD";
}
