package io.mediarelay.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.mediarelay.config.RuntimeConfig;

/**
 * Approval rules from {@code mediarelay.api.rules.*}:
 * <pre>
 * budget.&lt;CODE&gt;=5000              budget per budget code; unknown code or over budget -> REJECTED
 * allowed-territories=US,GB,...     territories that may be licensed; others -> REJECTED
 * approval-campaign-types=a,b       campaign types that always need an approver -> NEEDS_APPROVAL
 * max-auto-approve-cost=500         above -> NEEDS_APPROVAL
 * currency=USD                      the one currency budgets and costs are in
 * </pre>
 * Budget use = the estimated cost of every request of that code that is approved or licensed (and, at
 * submission, pending ones too, so that several pending requests cannot together promise more than the budget).
 */
final class LicenseRequestRules {
    static final String PREFIX = "mediarelay.api.rules.";

    /** The outcome and why (reasons are shown to the requester and stored). */
    record Outcome(String decision, List<String> reasons) {
    }

    private final Map<String, BigDecimal> budgets = new HashMap<>();
    private final Set<String> territories = new TreeSet<>();
    private final Set<String> approvalCampaignTypes = new TreeSet<>();
    private final BigDecimal maxAutoApprove;
    private final String currency;

    LicenseRequestRules(RuntimeConfig config) {
        for (String k : config.properties().stringPropertyNames()) {
            if (k.startsWith(PREFIX + "budget.")) {
                budgets.put(k.substring((PREFIX + "budget.").length()).toUpperCase(Locale.ROOT), new BigDecimal(config.get(k).trim()));
            }
        }
        split(config.get(PREFIX + "allowed-territories", ""), territories, true);
        split(config.get(PREFIX + "approval-campaign-types", ""), approvalCampaignTypes, false);
        maxAutoApprove = new BigDecimal(config.get(PREFIX + "max-auto-approve-cost", "0").trim());
        currency = config.get(PREFIX + "currency", "USD").trim().toUpperCase(Locale.ROOT);
    }

    String currency() {
        return currency;
    }

    boolean knownBudget(String code) {
        return budgets.containsKey(code.toUpperCase(Locale.ROOT));
    }

    /** @param committed spend already committed on the request's budget code (excluding this request) */
    Outcome decide(String territory, String campaignType, String budgetCode, BigDecimal cost, BigDecimal committed) {
        List<String> rejected = new ArrayList<>();
        BigDecimal budget = budgets.get(budgetCode.toUpperCase(Locale.ROOT));
        if (budget == null) {
            rejected.add("unknown budget code " + budgetCode);
        } else if (committed.add(cost).compareTo(budget) > 0) {
            rejected.add("budget " + budgetCode + " exceeded: " + committed + " committed + " + cost + " > " + budget);
        }
        if (!territories.contains(territory.toUpperCase(Locale.ROOT))) {
            rejected.add("territory " + territory + " is not an allowed region " + territories);
        }
        if (!rejected.isEmpty()) {
            return new Outcome(LicenseRequest.REJECTED, rejected);
        }
        List<String> approval = new ArrayList<>();
        if (campaignType != null && approvalCampaignTypes.contains(campaignType.toLowerCase(Locale.ROOT))) {
            approval.add("campaign type " + campaignType + " always needs approval");
        }
        if (cost.compareTo(maxAutoApprove) > 0) {
            approval.add("estimated cost " + cost + " is above the auto-approve limit " + maxAutoApprove);
        }
        return approval.isEmpty() ? new Outcome(LicenseRequest.AUTO_APPROVED, List.of("within budget and rules"))
                : new Outcome(LicenseRequest.NEEDS_APPROVAL, approval);
    }

    /** Budget check alone (at approval time: other requests may have used the budget meanwhile). */
    String overBudget(String budgetCode, BigDecimal cost, BigDecimal committed) {
        BigDecimal budget = budgets.get(budgetCode.toUpperCase(Locale.ROOT));
        if (budget == null) {
            return "unknown budget code " + budgetCode;
        }
        return committed.add(cost).compareTo(budget) > 0
                ? "budget " + budgetCode + " exceeded: " + committed + " committed + " + cost + " > " + budget : null;
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("budgets", budgets);
        m.put("allowedTerritories", territories);
        m.put("approvalCampaignTypes", approvalCampaignTypes);
        m.put("maxAutoApproveCost", maxAutoApprove);
        m.put("currency", currency);
        return m;
    }

    private static void split(String csv, Set<String> into, boolean upper) {
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                into.add(upper ? s.trim().toUpperCase(Locale.ROOT) : s.trim().toLowerCase(Locale.ROOT));
            }
        }
    }
}
