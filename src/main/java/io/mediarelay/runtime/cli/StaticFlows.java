package io.mediarelay.runtime.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.flows.FlowCatalog;
import io.mediarelay.runtime.flows.FlowInfo;
import io.mediarelay.runtime.reload.RouteFiles;
import io.mediarelay.runtime.reload.RouteValidator;

/**
 * The flows as the route files declare them, for when no instance runs: built in the validator's scratch context
 * (nothing started), listed by the same {@link FlowCatalog} as the admin API, state "not running".
 */
final class StaticFlows {

    private StaticFlows() {
    }

    static List<FlowInfo> list(RuntimeConfig config) {
        Path routes = config.path("mediarelay.routes-dir", "routes");
        if (!Files.isDirectory(routes)) {
            throw new ConfigException("routes directory " + routes + " does not exist (mediarelay.routes-dir)");
        }
        Quiet.camelLogs();
        List<FlowInfo> flows = new RouteValidator(routes, config.properties(), new OfflineBeans(config.properties()))
                .withBuilt(RouteFiles.read(routes), FlowCatalog::of);
        if (flows == null) {
            throw new ConfigException("route files do not build; run: mediarelay validate");
        }
        return flows.stream().map(f -> new FlowInfo(f.id(), f.source(), f.destination(), f.schedule(), "not running",
                f.file(), 0, null, 0)).toList();
    }
}
