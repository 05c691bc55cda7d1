package io.mediarelay.plan;

import java.util.List;

/**
 * What a run of a flow would do now, computed without licensing, uploading or moving any cursor.
 *
 * @param products per Getty product a new license would be charged to: downloads remaining now and after the run
 */
public record FlowPlan(String flow, List<String> routes, String generatedAt, List<PlanItem> items,
                       List<ProductUse> products) {

    /** downloadsRemaining null = unlimited (Getty did not say). */
    public record ProductUse(String productId, String name, String type, Integer downloadsRemaining, int newLicenses,
                             Integer remainingAfter) {
    }

    public long count(String action) {
        return items.stream().filter(i -> i.action().equals(action)).count();
    }
}
