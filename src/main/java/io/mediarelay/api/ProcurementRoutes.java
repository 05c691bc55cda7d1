package io.mediarelay.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * GX7: the license record of every licensed request is POSTed as JSON to {@code mediarelay.api.procurement.url}
 * (ERP/procurement; embedded: the HTTP receiver's {@code /in/procurement}).
 *
 * <p>Durable: nothing waits in JVM memory. Licensing sets {@code procurement_status = PENDING} on the request row;
 * route {@code api-procurement-outbox} polls due PENDING rows, leases each (attempt count + next attempt time, in
 * the database) and POSTs it. Success: SENT. Failure: the next attempt is scheduled with exponential backoff
 * ({@code redelivery-delay-ms} doubling up to {@code maximum-redelivery-delay-ms}); after
 * {@code maximum-redeliveries} retries (negative: never give up) the row is FAILED and the record goes to the
 * dead-letter store ({@code approve} again re-queues it). A restart or an endpoint down for minutes loses nothing.
 * {@code Idempotency-Key: <request id>} lets the receiver drop a POST that arrived although its answer was lost.
 */
public final class ProcurementRoutes extends RouteBuilder {
    private final LicenseRequestService requests;
    private final ObjectMapper json = new ObjectMapper();

    public ProcurementRoutes(LicenseRequestService requests) {
        this.requests = requests;
    }

    @Override
    public void configure() {
        int maxRetries = intProp("mediarelay.api.procurement.maximum-redeliveries", 5);
        long delayMs = intProp("mediarelay.api.procurement.redelivery-delay-ms", 1000);
        long maxDelayMs = intProp("mediarelay.api.procurement.maximum-redelivery-delay-ms", 60_000);
        int connectMs = intProp("mediarelay.api.procurement.connect-timeout-ms", 5000);
        int responseMs = intProp("mediarelay.api.procurement.response-timeout-ms", 15000);
        // a leased row is not picked again before the call could have ended (plus slack): no concurrent double send
        Duration lease = Duration.ofMillis(connectMs + responseMs + 5000L);

        String url = getContext().getPropertiesComponent().resolveProperty("mediarelay.api.procurement.url").orElse("").trim();

        // an empty outbox is read less, as the profile says (Camel's scheduled-poll backoff; a poll that found
        // nothing due tells the scheduler so)
        from("scheduler:api-procurement-outbox?initialDelay=500&delay={{mediarelay.api.procurement.poll-ms:1000}}"
                + "&backoffMultiplier={{mediarelay.polling.idle-backoff-multiplier:0}}"
                + "&backoffIdleThreshold={{mediarelay.polling.idle-backoff-threshold:3}}")
                .routeId("api-procurement-outbox")
                .process(e -> {
                    List<?> due = requests.procurementDue(20, lease);
                    e.getMessage().setBody(due);
                    e.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, !due.isEmpty());
                })
                .split(body())
                    .to("direct:api-procurement")
                .end();

        from("direct:api-procurement").routeId("api-procurement")
                // each attempt is one try: the retry schedule lives in the database, not in this JVM
                .errorHandler(deadLetterChannel("direct:api-procurement-failed").maximumRedeliveries(0))
                .process(e -> {
                    Map<?, ?> item = e.getMessage().getBody(Map.class);
                    Map<?, ?> record = (Map<?, ?>) item.get("record");
                    e.setProperty("requestId", record.get("requestId"));
                    e.setProperty("procurementAttempt", item.get("attempt"));
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setBody(json.writeValueAsString(record));
                    e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
                    e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                    e.getMessage().setHeader("Idempotency-Key", record.get("requestId"));
                })
                .choice().when(e -> url.isEmpty())
                    // not configured: fail loudly per record (FAILED + dead letter) instead of refusing to start
                    .throwException(new IllegalStateException("mediarelay.api.procurement.url is not set"))
                .end()
                .to(url.isEmpty() ? "log:api-procurement-unset" : url + "?connectTimeout=" + connectMs
                        + "&responseTimeout=" + responseMs).id("api-procurement-post")
                .process(e -> requests.procurementDone(e.getProperty("requestId", String.class), true, null));

        // a failed attempt: retry later (durably scheduled), or give up -> dead letter first, then FAILED, so whoever
        // sees FAILED can also find the dead letter
        from("direct:api-procurement-failed").routeId("api-procurement-failed")
                .process(e -> {
                    Exception x = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                    String error = "procurement POST failed: " + (x == null ? "unknown" : x.getClass().getSimpleName() + ": " + x.getMessage());
                    int attempt = e.getProperty("procurementAttempt", 1, Integer.class);
                    boolean giveUp = maxRetries >= 0 && attempt > maxRetries
                            || url.isEmpty();
                    e.setProperty("procurementGiveUp", giveUp);
                    e.setProperty("procurementError", error);
                    if (!giveUp) {
                        long wait = Math.min(maxDelayMs, delayMs * (1L << Math.min(30, attempt - 1)));
                        requests.procurementRetry(e.getProperty("requestId", String.class), Instant.now().plusMillis(wait), error);
                    }
                })
                .filter(exchangeProperty("procurementGiveUp"))
                    .to("bean:deadLetterStore")
                    .process(e -> requests.procurementDone(e.getProperty("requestId", String.class), false,
                            e.getProperty("procurementError", String.class)))
                .end();
    }

    private int intProp(String key, int dflt) {
        return getContext().getPropertiesComponent().resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).orElse(dflt);
    }
}
