package io.mediarelay.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers due outbox entries (bean {@code webhookDispatcher}, called by route {@code gh8-webhook-dispatch} on a
 * timer). Each call is signed ({@link WebhookSigner}) and bounded by a connect and a read timeout. A failure is
 * retried with exponential backoff (initial, doubled per attempt, capped) until the entry's budget ends, then the
 * entry is DEAD (listed by {@code mediarelay webhooks list}, re-queued by {@code webhooks replay}).
 *
 * <p>Failures are recorded on the entry instead of thrown: a receiver that is down is the normal case here, and
 * the route's dead-letter path is for bugs, not for a partner's outage.
 */
public final class WebhookDispatcher implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Several rounds per poll so a burst for one asset drains without waiting one poll per event. */
    private static final int MAX_ROUNDS = 20;

    /** Retry and timeout settings; see {@code mediarelay.webhooks.*} in config/application.properties. */
    public record Settings(Duration connectTimeout, Duration readTimeout, Duration initialBackoff,
                           Duration maxBackoff, int batchSize) {
    }

    private final WebhookOutbox outbox;
    private final Clock clock;
    private final Settings settings;
    private final HttpClient http;

    public WebhookDispatcher(WebhookOutbox outbox, Clock clock, Settings settings) {
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void process(Exchange exchange) {
        int[] r = dispatch();
        exchange.getMessage().setBody("delivered=" + r[0] + " failed=" + r[1]);
        // nothing was due: an idle poll, so a scheduler with backoff reads the outbox less until something is due
        exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, r[0] + r[1] > 0);
    }

    /** @return {delivered, failed} in this poll */
    public int[] dispatch() {
        int delivered = 0;
        int failed = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<OutboxEntry> due = outbox.due(settings.batchSize());
            if (due.isEmpty()) {
                break;
            }
            int before = delivered;
            for (OutboxEntry e : due) {
                if (send(e)) {
                    delivered++;
                } else {
                    failed++;
                }
            }
            if (delivered == before) {
                break; // nothing moved: what is left waits for its backoff
            }
        }
        return new int[] {delivered, failed};
    }

    /** One attempt for one entry; never throws for receiver problems. */
    boolean send(OutboxEntry e) {
        WebhookReceivers.Receiver receiver = outbox.receivers().get(e.receiver());
        // the lease outlasts the call, so a crash during it only delays the retry
        Duration lease = settings.connectTimeout().plus(settings.readTimeout()).plusSeconds(5);
        if (!outbox.lease(e, lease)) {
            return false;
        }
        int attempt = e.attempts() + 1;
        if (receiver == null) {
            outbox.failed(e, null, "receiver " + e.receiver() + " is no longer configured", backoff(attempt));
            return false;
        }
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        Integer status = null;
        String error;
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(receiver.url()))
                    .timeout(settings.readTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "mediarelay-webhooks")
                    .header(WebhookSigner.EVENT_ID, e.eventId())
                    .header(WebhookSigner.EVENT_TYPE, e.eventType())
                    .header(WebhookSigner.TIMESTAMP, timestamp)
                    .header(WebhookSigner.SIGNATURE, WebhookSigner.sign(receiver.secret(), timestamp, e.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(e.payload(), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            status = resp.statusCode();
            if (status >= 200 && status < 300) {
                outbox.delivered(e.id(), status);
                LOG.info("Webhook {} {} delivered to {} (attempt {})", e.eventType(), e.eventId(), e.receiver(), attempt);
                return true;
            }
            error = "HTTP " + status + " from " + e.receiver();
        } catch (HttpTimeoutException ex) {
            error = "timeout after " + settings.readTimeout().toMillis() + " ms calling " + e.receiver();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception ex) {
            error = ex.getClass().getSimpleName() + " calling " + e.receiver() + ": " + ex.getMessage();
        }
        String outcome = outbox.failed(e, status, error, backoff(attempt));
        if (OutboxEntry.DEAD.equals(outcome)) {
            LOG.error("Webhook {} {} to {} dead after {} attempts: {}", e.eventType(), e.eventId(), e.receiver(),
                    attempt, error);
        } else {
            LOG.warn("Webhook {} {} to {} failed (attempt {}), retrying: {}", e.eventType(), e.eventId(),
                    e.receiver(), attempt, error);
        }
        return false;
    }

    /** initial * 2^(attempt-1), capped; attempt counts from 1. */
    Instant backoff(int attempt) {
        long initial = settings.initialBackoff().toMillis();
        long delay = initial << Math.min(attempt - 1, 30);
        if (delay <= 0 || delay > settings.maxBackoff().toMillis()) {
            delay = settings.maxBackoff().toMillis();
        }
        return clock.instant().plusMillis(delay);
    }
}
