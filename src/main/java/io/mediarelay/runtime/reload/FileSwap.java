package io.mediarelay.runtime.reload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one validated file to the live context: takes out the routes that depend on it, swaps the file, puts
 * those routes back. A flow affects only itself; a kamelet or error-handling file also affects every flow that uses
 * it. If the live context still refuses the new version, the previous version of everything touched is put back.
 */
final class FileSwap {
    private static final Logger LOG = LoggerFactory.getLogger(FileSwap.class);

    record Result(List<String> started, List<String> removed) {
    }

    /** The new version failed in the live context; the previous one runs again. The cause says why. */
    static final class RestoredException extends Exception {
        RestoredException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final LiveRoutes live;

    FileSwap(LiveRoutes live) {
        this.live = live;
    }

    Result apply(Path file, Map<Path, String> before, Map<Path, String> after) throws RestoredException {
        List<Path> flows = affectedFlows(file, before, after);
        List<String> old = live.exclusiveRoutesOf(flows);
        try {
            live.remove(old);
            live.purgeStaleKameletEndpoints();
            replaceShared(file, before, after);
            Set<String> started = load(flows, after);
            List<String> removed = new ArrayList<>(old);
            removed.removeAll(started);
            return new Result(new ArrayList<>(started), removed);
        } catch (Exception e) {
            restore(file, flows, before, after);
            throw new RestoredException(e);
        }
    }

    private void restore(Path file, List<Path> flows, Map<Path, String> before, Map<Path, String> after) {
        try {
            live.remove(live.exclusiveRoutesOf(flows));
            live.purgeStaleKameletEndpoints();
            replaceShared(file, after, before);
            load(flows, before);
            LOG.warn("{}: new version failed to start, previous version restored", RouteFiles.display(file));
        } catch (Exception e) {
            LOG.error("{}: new version failed and the previous version could not be restored either: {}",
                    RouteFiles.display(file), ProblemMapper.clean(e.getMessage()));
        }
    }

    /** Swaps a kamelet template or a file's route configurations; flows are handled by the caller. */
    private void replaceShared(Path file, Map<Path, String> from, Map<Path, String> to) throws Exception {
        RouteFiles.Kind kind = RouteFiles.kind(file);
        if (kind == RouteFiles.Kind.KAMELET) {
            live.removeKamelet(RouteFiles.kameletName(file));
        } else if (kind == RouteFiles.Kind.ERROR_HANDLING) {
            live.removeConfigurations(file);
        } else {
            return;
        }
        if (to.containsKey(file)) {
            live.load(file, to.get(file));
        }
    }

    private Set<String> load(List<Path> flows, Map<Path, String> world) throws Exception {
        Set<String> started = new LinkedHashSet<>();
        for (Path f : flows) {
            if (world.containsKey(f)) {
                live.load(f, world.get(f));
                List<String> ids = live.routesOf(f);
                live.start(ids);
                started.addAll(ids);
            }
        }
        return started;
    }

    private List<String> routesOf(List<Path> flows) {
        List<String> ids = new ArrayList<>();
        flows.forEach(f -> ids.addAll(live.routesOf(f)));
        return ids;
    }

    /** The flow files whose routes must be rebuilt when {@code file} changes, in either version. */
    static List<Path> affectedFlows(Path file, Map<Path, String> before, Map<Path, String> after) {
        RouteFiles.Kind kind = RouteFiles.kind(file);
        if (kind == RouteFiles.Kind.FLOW) {
            return List.of(file);
        }
        Set<Path> flows = new LinkedHashSet<>();
        for (Map<Path, String> world : List.of(before, after)) {
            Set<String> configIds = new HashSet<>();
            if (kind == RouteFiles.Kind.ERROR_HANDLING) {
                for (Map<Path, String> w : List.of(before, after)) {
                    if (w.containsKey(file)) {
                        YamlIndex.of(w.get(file)).routeConfigurationIds().forEach(id -> configIds.add(id.value()));
                    }
                }
            }
            world.forEach((f, text) -> {
                if (RouteFiles.kind(f) != RouteFiles.Kind.FLOW) {
                    return;
                }
                boolean uses = kind == RouteFiles.Kind.KAMELET
                        ? RouteFiles.kameletsUsed(text).contains(RouteFiles.kameletName(file))
                        : YamlIndex.of(text).routeConfigurationRefs().stream().anyMatch(r -> configIds.contains(r.value()));
                if (uses) {
                    flows.add(f);
                }
            });
        }
        return new ArrayList<>(flows);
    }
}
