package io.mediarelay.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.mediarelay.getty.GettyConstants;
import io.mediarelay.getty.LicenseEvent;
import io.mediarelay.license.GettyLicenseImport;
import io.mediarelay.license.License;
import io.mediarelay.license.Terms;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GH3/GX2/GX7: submit -> rules -> (approve) -> license through {@code getty:license} -> registry -> procurement.
 *
 * <p>The request id is Getty's request key: {@code getty:license} claims it in {@code license_events} before it
 * POSTs, so a retried approve, a second approver or a second node reuses the recorded license instead of
 * buying it again. Licensing runs in the caller's thread (the answer says LICENSED or why not); the procurement
 * push is asynchronous so a slow ERP does not hold the approver, and durable: {@code procurement_status = PENDING}
 * on the request row is the outbox that {@link ProcurementRoutes} sends from, with retries that survive a restart.
 */
final class LicenseRequestService {
    private static final Logger LOG = LoggerFactory.getLogger(LicenseRequestService.class);

    private final LicenseRequestStore store;
    private final LicenseRequestRules rules;
    private final BudgetGate budget;
    private final GettyLicenseImport importer;
    private final PortalSearch portal;
    private final String productId;
    private final boolean fourEyes;
    // one monitor per request id, kept (a few bytes each) so that no two threads ever hold different monitors
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private ProducerTemplate producer;

    LicenseRequestService(LicenseRequestStore store, LicenseRequestRules rules, GettyLicenseImport importer,
                          PortalSearch portal, String productId, boolean fourEyes) {
        this.fourEyes = fourEyes;
        this.store = store;
        this.rules = rules;
        this.budget = new BudgetGate(store, rules);
        this.importer = importer;
        this.portal = portal;
        this.productId = productId == null || productId.isBlank() ? null : productId.trim();
    }

    void start(CamelContext context) {
        this.producer = context.createProducerTemplate();
    }

    LicenseRequest get(String id) {
        return store.find(id).orElseThrow(() -> new ApiException(404, "no license request " + id));
    }

    /**
     * The request as {@code client} may see it: its creator and approvers/admins only. Anyone else gets the very
     * 404 of a request that does not exist, so request ids of other clients cannot be probed.
     */
    LicenseRequest get(String id, ApiClients.Client client) {
        LicenseRequest r = store.find(id).orElse(null);
        if (r == null || !visible(r, client)) {
            throw new ApiException(404, "no license request " + id);
        }
        return r;
    }

    /** The newest requests {@code client} may see (its own; every client's for approvers/admins). */
    java.util.List<LicenseRequest> list(ApiClients.Client client, String status, int limit) {
        return store.list(seesAll(client) ? null : client.name(), status, limit);
    }

    private static boolean seesAll(ApiClients.Client client) {
        return client.has(ApiClients.APPROVER);
    }

    private static boolean visible(LicenseRequest r, ApiClients.Client client) {
        return seesAll(client) || client.name().equals(r.requestedBy());
    }

    /** Validates, decides and stores; an auto-approved request is licensed before the answer. */
    LicenseRequest submit(Map<String, Object> body, String client) {
        LicenseRequestInput in = LicenseRequestInput.parse(body, rules.currency());
        try {
            portal.metadata(in.assetId(), in.assetType()); // an unknown asset is a field error, not a pending request
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Getty metadata for " + in.assetId() + " unavailable", e);
        }
        // decision + insert in one transaction holding the budget's lock: racing requests (on any instance) never both fit
        LicenseRequest r = budget.submit(in, client);
        LOG.info("License request {} for {} {} by {}: {}", r.id(), r.assetType(), r.assetId(), client, r.decision());
        return LicenseRequest.AUTO_APPROVED.equals(r.decision()) ? license(r.id()) : r;
    }

    /** Approves a waiting request and licenses it; repeated on an approved/failed one it retries the license only. */
    LicenseRequest approve(String id, String approver) {
        LicenseRequest r = get(id);
        if (LicenseRequest.NEEDS_APPROVAL.equals(r.status())) {
            // four eyes: the decision to spend is never taken by the one who asked (mediarelay.api.approval.four-eyes)
            if (fourEyes && approver.equals(r.requestedBy())) {
                throw new ApiException(403, "four-eyes approval: a request cannot be approved by its requester '"
                        + approver + "'", Map.of("request", r.toJson()));
            }
            String over = budget.approve(r, approver);
            if (over != null) {
                throw new ApiException(409, "cannot approve: " + over, Map.of("request", r.toJson()));
            }
            r = get(id);
        }
        return switch (r.status()) {
            case LicenseRequest.APPROVED, LicenseRequest.AUTO_APPROVED, LicenseRequest.LICENSE_FAILED -> license(id);
            case LicenseRequest.LICENSED -> resendProcurement(r); // retried approve: nothing licensed again
            default -> throw new ApiException(409, "request is " + r.status() + ", cannot approve", Map.of("request", r.toJson()));
        };
    }

    /** A procurement push that exhausted its retries (FAILED) is sent again; the Idempotency-Key makes that safe. */
    private LicenseRequest resendProcurement(LicenseRequest r) {
        if (!"FAILED".equals(r.procurementStatus())) {
            return r;
        }
        store.procurement(r.id(), "PENDING", null); // the outbox poller (api-procurement-outbox) sends it
        return get(r.id());
    }

    LicenseRequest reject(String id, String approver, String reason) {
        LicenseRequest r = get(id);
        if (LicenseRequest.REJECTED.equals(r.status())) {
            return r;
        }
        if (!store.decide(id, LicenseRequest.REJECTED, approver, reason == null ? null : "rejected: " + reason)) {
            throw new ApiException(409, "request is " + get(id).status() + ", only NEEDS_APPROVAL can be rejected",
                    Map.of("request", get(id).toJson()));
        }
        return get(id);
    }

    /** Licenses once per request (in-process lock + Getty request key across processes), then registry + procurement. */
    private LicenseRequest license(String id) {
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            try {
                LicenseRequest r = get(id);
                if (LicenseRequest.LICENSED.equals(r.status())) {
                    return r;
                }
                Map<String, Object> metadata = portal.metadata(r.assetId(), r.assetType());
                String product = productId != null ? productId : portal.productFor(metadata);
                Exchange ex = producer.request("getty:license?download=false", e -> {
                    e.getMessage().setHeader(GettyConstants.ASSET_ID, r.assetId());
                    e.getMessage().setHeader(GettyConstants.ASSET_TYPE, r.assetType());
                    e.getMessage().setHeader(GettyConstants.REQUEST_KEY, r.id());
                    e.getMessage().setHeader(GettyConstants.PROJECT_CODE, r.budgetCode());
                    e.getMessage().setHeader(GettyConstants.DOWNLOAD_NOTES, "mediarelay license request " + r.id());
                    if (product != null) {
                        e.getMessage().setHeader(GettyConstants.PRODUCT_ID, product);
                    }
                });
                if (ex.getException() != null) {
                    throw ex.getException();
                }
                LicenseEvent event = ex.getMessage().getBody(LicenseEvent.class);
                Terms terms = new Terms(Set.of(r.territory()), Set.of(r.channel()), null, null, r.campaign(), null,
                        r.estimatedCost(), r.currency(), r.budgetCode(), null, null);
                License lic = importer.importLicense(metadata, event, terms);
                String pid = event.productId() != null ? event.productId() : product;
                store.licensed(id, event.id(), lic.licenseId(), pid, event.licensedAt() != null ? event.licensedAt() : Instant.now());
                // procurement_status is now PENDING in the same row: the durable outbox the poller sends from
                return get(id);
            } catch (ApiException e) {
                throw e;
            } catch (Exception e) {
                LOG.warn("License request {} could not be licensed: {}", id, e.getMessage());
                store.licenseFailed(id, e.getClass().getSimpleName() + ": " + e.getMessage());
                throw new ApiException(502, "licensing failed; approve again to retry (never licensed twice)",
                        Map.of("request", get(id).toJson()));
            }
        }
    }

    /** What procurement/ERP needs to match the invoice line: who pays (cost center), what, how much, Getty's ids. */
    static Map<String, Object> procurementRecord(LicenseRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", r.id());
        m.put("vendor", "Getty Images");
        m.put("assetId", r.assetId());
        m.put("assetType", r.assetType());
        m.put("campaign", r.campaign());
        m.put("costCenter", r.budgetCode());
        m.put("budgetCode", r.budgetCode());
        m.put("amount", r.estimatedCost());
        m.put("currency", r.currency());
        m.put("licenseEventId", r.licenseEventId());
        m.put("licenseId", r.licenseId());
        m.put("productId", r.productId());
        m.put("licenseDate", r.licensedAt() == null ? null : LocalDate.ofInstant(r.licensedAt(), ZoneOffset.UTC).toString());
        m.put("licensedAt", r.licensedAt() == null ? null : r.licensedAt().toString());
        m.put("channel", r.channel());
        m.put("territory", r.territory());
        m.put("approvedBy", r.decidedBy());
        m.put("decision", r.decision());
        return m;
    }

    void procurementDone(String id, boolean ok, String error) {
        store.procurement(id, ok ? "SENT" : "FAILED", error);
    }

    /** Leases up to {@code limit} due pushes; each is returned as its procurement record plus the attempt number. */
    java.util.List<Map<String, Object>> procurementDue(int limit, java.time.Duration lease) {
        java.util.List<Map<String, Object>> out = new java.util.ArrayList<>();
        Instant now = Instant.now();
        for (LicenseRequestStore.Due d : store.procurementDue(now, limit)) {
            if (store.leaseProcurement(d, now.plus(lease))) {
                store.find(d.id()).ifPresent(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("attempt", d.attempts() + 1);
                    m.put("record", procurementRecord(r));
                    out.add(m);
                });
            }
        }
        return out;
    }

    void procurementRetry(String id, Instant next, String error) {
        store.procurementRetry(id, next, error);
    }
}
