package io.mediarelay.license;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import io.mediarelay.common.FlowIdTagger;
import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate step (bean {@code licenseGate}, kamelet {@code license-gate-action}): lets an exchange pass only when a
 * license covers the use of asset {@code MediarelayAssetId} on channel {@code MediarelayChannel} in territory
 * {@code MediarelayTerritory} on the use date (header {@code MediarelayUseDate}, else today in the configured zone,
 * because "expires on the 31st" means the 31st where the licensee is, not in UTC).
 *
 * <p>On deny, mode {@code fail} throws {@link LicenseDeniedException} (dead-lettered at once with the reason);
 * mode {@code skip} stops the exchange and records the skip in {@code license_gate_skips} (plans, dry runs).
 * Both modes set {@code MediarelayGateDecision}/{@code MediarelayGateCode}/{@code MediarelayGateReason}.
 */
public final class LicenseGate implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(LicenseGate.class);
    public static final String ALLOW = "ALLOW";
    public static final String DENY = "DENY";
    static final String META_RESTRICTIONS = "MediarelayMetaRestrictions";
    static final String META_RESTRICTION_RULES = "MediarelayMetaRestrictionRules";

    private final LicenseRules rules;
    private final LicenseRegistry registry;
    private final Clock clock;

    /** @param clock its zone is the zone of "today" */
    public LicenseGate(LicenseRules rules, LicenseRegistry registry, Clock clock) {
        this.rules = rules;
        this.registry = registry;
        this.clock = clock;
    }

    public LicenseGate(LicenseRegistry registry, ZoneId zone) {
        this(new LicenseRules(registry), registry, Clock.system(zone));
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String assetId = in.getHeader(DeliveryHeaders.ASSET_ID, String.class);
        String channel = in.getHeader(LicenseHeaders.CHANNEL, String.class);
        String territory = in.getHeader(LicenseHeaders.TERRITORY, String.class);
        boolean skip = skipMode(in.getHeader(LicenseHeaders.ON_DENY, "fail", String.class));
        LocalDate date = useDate(in);
        // missing inputs are a route bug, not a deny: IllegalArgumentException from rules dead-letters it as such
        int quantity = in.getHeader(LicenseHeaders.QUANTITY, 1, Integer.class);
        Decision d = rules.decide(assetId, channel, territory, date, quantity);
        in.setHeader(LicenseHeaders.CODE, d.code());
        in.setHeader(LicenseHeaders.REASON, d.reason());
        in.setHeader(LicenseHeaders.RULE, d.rule());
        in.setHeader(LicenseHeaders.RESTRICTIONS, d.restrictions());
        in.setHeader(LicenseHeaders.RESTRICTION_RULES, d.appliedRules());
        if (d.allowed()) {
            // companions carry the restriction text and the rules applied (the source's own text wins if it set one)
            if (in.getHeader(META_RESTRICTIONS) == null && d.restrictions() != null) {
                in.setHeader(META_RESTRICTIONS, d.restrictions());
            }
            in.setHeader(META_RESTRICTION_RULES, d.appliedRules());
            in.setHeader(LicenseHeaders.DECISION, ALLOW);
            in.setHeader(LicenseHeaders.LICENSE_ID, d.licenseId());
            return;
        }
        in.setHeader(LicenseHeaders.DECISION, DENY);
        in.removeHeader(LicenseHeaders.LICENSE_ID);
        if (!skip) {
            throw new LicenseDeniedException(d);
        }
        LOG.info("Skipped {} ({} / {} / {}): {}", assetId, channel, territory, date, d.reason());
        // the flow's id, not the kamelet's internal route: a plan lists skips per flow
        registry.recordSkip(assetId, Tokens.channel(channel), Tokens.territory(territory), date, d,
                FlowIdTagger.flowId(exchange), exchange.getExchangeId());
        exchange.setRouteStop(true);
    }

    private LocalDate useDate(Message in) {
        Object v = in.getHeader(LicenseHeaders.USE_DATE);
        if (v == null || v.toString().isBlank()) {
            return LocalDate.now(clock);
        }
        if (v instanceof LocalDate d) {
            return d;
        }
        try {
            return LocalDate.parse(v.toString().trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(LicenseHeaders.USE_DATE + " is not a yyyy-MM-dd date: " + v, e);
        }
    }

    private static boolean skipMode(String onDeny) {
        return switch (onDeny.trim().toLowerCase(Locale.ROOT)) {
            case "skip" -> true;
            case "fail", "" -> false;
            default -> throw new IllegalArgumentException("onDeny must be skip or fail, not " + onDeny);
        };
    }
}
