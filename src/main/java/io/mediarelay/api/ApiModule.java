package io.mediarelay.api;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.license.GettyLicenseImport;
import io.mediarelay.license.LicenseRegistry;
import org.apache.camel.RoutesBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the inbound API from {@code mediarelay.api.*}; the runtime adds the returned route builders.
 * <pre>
 * mediarelay.api.clients.&lt;name&gt;.key / .roles     API clients (see ApiClients)
 * mediarelay.api.portal.approved-boards=a,b         empty = search all of Getty
 * mediarelay.api.portal.board-poll-ms=60000         how often approved boards are re-read
 * mediarelay.api.portal.products-cache-ms=30000     licensing options cache
 * mediarelay.api.licensing.product-id=              Getty product to license against; empty = the asset's download product
 * mediarelay.api.rules.*                            approval rules (see LicenseRequestRules)
 * mediarelay.api.approval.four-eyes=true            false: an approver may approve a request it submitted itself
 * mediarelay.api.procurement.url / connect-timeout-ms / response-timeout-ms / maximum-redeliveries / redelivery-delay-ms
 * </pre>
 */
public final class ApiModule {
    private static final Logger LOG = LoggerFactory.getLogger(ApiModule.class);

    private ApiModule() {
    }

    public static List<RoutesBuilder> builders(RuntimeConfig config, DataSource ds, LicenseRegistry registry) {
        ApiClients clients = new ApiClients(config);
        List<String> boards = new ArrayList<>();
        for (String b : config.get("mediarelay.api.portal.approved-boards", "").split(",")) {
            if (!b.isBlank()) {
                boards.add(b.trim());
            }
        }
        PortalSearch portal = new PortalSearch(ds, List.copyOf(boards),
                config.getInt("mediarelay.api.portal.products-cache-ms", 30_000));
        ZoneId zone = ZoneId.of(config.get("mediarelay.license.zone", "UTC"));
        LicenseRequestService requests = new LicenseRequestService(new LicenseRequestStore(ds), new LicenseRequestRules(config),
                new GettyLicenseImport(registry, zone, null), portal, config.get("mediarelay.api.licensing.product-id", ""),
                config.getBoolean("mediarelay.api.approval.four-eyes", true));
        if (clients.size() == 0) {
            LOG.warn("Inbound API /api/v1 has no clients (mediarelay.api.clients.<name>.key): every call answers 401");
        }
        return List.of(new ApiRoutes(clients, portal, requests, config.getInt("mediarelay.api.portal.board-poll-ms", 60_000)),
                new ProcurementRoutes(requests));
    }
}
