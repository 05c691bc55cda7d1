package io.mediarelay.api;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * GX7: the license record of every licensed request is POSTed as JSON to {@code mediarelay.api.procurement.url}
 * (ERP/procurement; embedded: the HTTP receiver's {@code /in/procurement}). Connect/response timeouts, bounded
 * retries with exponential backoff, then {@code procurement_status = FAILED} and the dead-letter store.
 * {@code Idempotency-Key: <request id>} lets the receiver drop a retried POST that had in fact arrived.
 */
public final class ProcurementRoutes extends RouteBuilder {
    private final LicenseRequestService requests;
    private final ObjectMapper json = new ObjectMapper();

    public ProcurementRoutes(LicenseRequestService requests) {
        this.requests = requests;
    }

    @Override
    public void configure() {
        errorHandler(deadLetterChannel("direct:api-procurement-failed")
                .maximumRedeliveries(getContext().getPropertiesComponent()
                        .resolveProperty("mediarelay.api.procurement.maximum-redeliveries").map(Integer::parseInt).orElse(5))
                .redeliveryDelay(getContext().getPropertiesComponent()
                        .resolveProperty("mediarelay.api.procurement.redelivery-delay-ms").map(Long::parseLong).orElse(1000L))
                .maximumRedeliveryDelay(60_000)
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .retryAttemptedLogLevel(org.apache.camel.LoggingLevel.WARN));

        String url = getContext().getPropertiesComponent().resolveProperty("mediarelay.api.procurement.url").orElse("").trim();
        from("direct:api-procurement").routeId("api-procurement")
                .process(e -> {
                    Map<?, ?> record = e.getMessage().getBody(Map.class);
                    e.setProperty("requestId", record.get("requestId"));
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
                .to(url.isEmpty() ? "log:api-procurement-unset" : url + "?connectTimeout={{mediarelay.api.procurement.connect-timeout-ms:5000}}"
                        + "&responseTimeout={{mediarelay.api.procurement.response-timeout-ms:15000}}").id("api-procurement-post")
                .process(e -> requests.procurementDone(e.getProperty("requestId", String.class), true, null));

        // dead letter first, then FAILED: whoever sees FAILED can also find the dead letter
        from("direct:api-procurement-failed").routeId("api-procurement-failed")
                .to("bean:deadLetterStore")
                .process(e -> {
                    Exception x = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                    requests.procurementDone(e.getProperty("requestId", String.class), false,
                            "procurement POST failed: " + (x == null ? "unknown" : x.getClass().getSimpleName() + ": " + x.getMessage()));
                });
    }
}
