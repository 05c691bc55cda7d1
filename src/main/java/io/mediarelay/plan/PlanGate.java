package io.mediarelay.plan;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.license.Decision;
import io.mediarelay.license.GettyGateForecast;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.LicenseRules;

/**
 * The plan's view of a flow's license gate: what it will decide once the asset is licensed (the license the run
 * would register plus what the registry holds, same rules, the flow's agreement and use properties, today).
 */
final class PlanGate {
    /** Flows with a license gate (GF8 archives, which is not a use). */
    private static final Set<String> GATED = Set.of("gf1", "gf2", "gf3", "gf6", "gf7");

    private final RuntimeConfig config;
    private final GettyGateForecast forecast;

    PlanGate(RuntimeConfig config, DataSource ds, Clock clock) {
        this.config = config;
        Clock zoned = clock.withZone(ZoneId.of(config.get("mediarelay.license.zone", "UTC")));
        LicenseRegistry registry = new LicenseRegistry(ds, zoned);
        // the gate's own rules and restriction table: a plan must not promise what the gate refuses
        this.forecast = new GettyGateForecast(registry, new LicenseRules(registry, LicenseRules.table(config)), zoned);
    }

    /** The gate's decision for this asset in {@code flow}, or null for flows without a gate. */
    Decision decide(String flow, String assetId, String type, Map<String, Object> metadata) {
        if (!GATED.contains(flow)) {
            return null;
        }
        String f = "mediarelay." + flow;
        return forecast.forecast(metadata, assetId, type, config.get(f + ".agreement.territories", ""),
                config.get(f + ".agreement.channels", ""), config.get(f + ".use.channel", "web"),
                config.get(f + ".use.territory", "US"));
    }
}
