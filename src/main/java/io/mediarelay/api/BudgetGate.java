package io.mediarelay.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Budget check + reservation of license requests, in one database transaction per decision that holds the budget
 * code's lock ({@link LicenseRequestStore#withBudgetLocked}). Two requests racing for the last of a budget, on one
 * instance or on two sharing the database, cannot both fit: the second is decided after the first is stored.
 * (Replaces a JVM-local lock that only held within one instance.)
 */
final class BudgetGate {
    private final LicenseRequestStore store;
    private final LicenseRequestRules rules;

    BudgetGate(LicenseRequestStore store, LicenseRequestRules rules) {
        this.store = store;
        this.rules = rules;
    }

    /** Decides a new request against the budget as committed now, and stores it, as one step. */
    LicenseRequest submit(LicenseRequestInput in, String client) {
        return store.withBudgetLocked(in.budgetCode(), c -> {
            BigDecimal committed = store.committed(c, in.budgetCode(), null, true);
            LicenseRequestRules.Outcome o = rules.decide(in.territory(), in.campaignType(), in.budgetCode(),
                    in.estimatedCost(), committed);
            Instant now = Instant.now();
            boolean auto = !LicenseRequest.NEEDS_APPROVAL.equals(o.decision());
            LicenseRequest r = new LicenseRequest(UUID.randomUUID().toString(), in.assetId(), in.assetType(),
                    in.campaign(), in.campaignType(), in.channel(), in.territory(), in.budgetCode(), in.estimatedCost(),
                    in.currency(), o.decision(), o.decision(), String.join("; ", o.reasons()), client,
                    auto ? "rules" : null, auto ? now : null, null, null, null, null, null, null, null, now);
            store.insert(c, r);
            return r;
        });
    }

    /** Approves a waiting request if the budget still allows it; returns why not, or null once approved. */
    String approve(LicenseRequest r, String approver) {
        return store.withBudgetLocked(r.budgetCode(), c -> {
            String over = rules.overBudget(r.budgetCode(), r.estimatedCost(),
                    store.committed(c, r.budgetCode(), r.id(), false));
            if (over == null) {
                store.decide(c, r.id(), LicenseRequest.APPROVED, approver, null);
            }
            return over;
        });
    }
}
