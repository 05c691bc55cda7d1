package io.mediarelay.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.db.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: a license budget is checked and reserved in one database transaction. Requests racing on two instances
 * (two gates, two connection pools, one database) for a budget of 500 at 100 each: exactly 5 fit, never more. With
 * the former JVM-local lock each instance counted only what was committed when it looked, and both fit.
 */
class BudgetGateTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void requestsRacingOnTwoInstancesNeverOverspendTheBudget(String engine) throws Exception {
        DataSource ds = TestDatabases.migrated(engine);
        Properties p = TestRuntimes.overrides(java.nio.file.Path.of("target", "budget-gate-unused"));
        p.setProperty(LicenseRequestRules.PREFIX + "budget.RACE", "500");
        p.setProperty(LicenseRequestRules.PREFIX + "allowed-territories", "US");
        p.setProperty(LicenseRequestRules.PREFIX + "max-auto-approve-cost", "1000");
        p.setProperty(LicenseRequestRules.PREFIX + "approval-campaign-types", "");
        LicenseRequestRules rules = new LicenseRequestRules(TestRuntimes.config(p));
        List<BudgetGate> instances = List.of(new BudgetGate(new LicenseRequestStore(ds), rules),
                new BudgetGate(new LicenseRequestStore(TestDatabases.pool(ds)), rules));
        int requests = 12;
        CyclicBarrier go = new CyclicBarrier(requests);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<LicenseRequest>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                BudgetGate gate = instances.get(i % 2);
                LicenseRequestInput in = LicenseRequestInput.parse(Map.of("assetId", "a" + i, "assetType", "images",
                        "campaign", "c", "channel", "web", "territory", "US", "budgetCode", "RACE",
                        "estimatedCost", 100), "USD");
                answers.add(pool.submit(() -> {
                    go.await();
                    return gate.submit(in, "client");
                }));
            }
            int approved = 0;
            for (Future<LicenseRequest> f : answers) {
                approved += LicenseRequest.AUTO_APPROVED.equals(f.get().decision()) ? 1 : 0;
            }
            assertEquals(5, approved, "500 / 100: five fit, the rest are refused as over budget");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, new BigDecimal("500").compareTo(new LicenseRequestStore(ds).committed("RACE", null, true)));
    }
}
