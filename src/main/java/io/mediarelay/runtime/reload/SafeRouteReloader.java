package io.mediarelay.runtime.reload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.model.ModelCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safe reload of the routes directory: a changed file is validated first and applied only if valid, and then only
 * the routes of that file (and of the flows depending on a changed kamelet or error-handling file) are swapped.
 * A bad save changes nothing that runs; it is logged, kept in {@link #problems()} and turns the {@code route-files}
 * readiness check DOWN until the file is fixed; the fixed file applies on its first save.
 *
 * <p>The last applied content of every file is kept: it is what other files are validated against, and what is put
 * back when a validated file still fails to load into the live context.
 */
public final class SafeRouteReloader implements ReloadService {
    private static final Logger LOG = LoggerFactory.getLogger(SafeRouteReloader.class);

    private final Path routesDir;
    private final Properties properties;
    private final long pollMillis;
    private final Map<Path, List<ReloadProblem>> problems = new LinkedHashMap<>();
    private Map<Path, String> applied = new TreeMap<>(RouteFiles::compare);
    private RouteValidator validator;
    private FileSwap swap;
    private RouteFileWatcher watcher;
    private volatile long lastMillis = -1;
    private volatile List<ReloadProblem> open = List.of();

    /** @param pollMillis how often the folders are checked; 0 or less: reload on demand only */
    public SafeRouteReloader(Path routesDir, Properties properties, long pollMillis) {
        this.routesDir = routesDir.toAbsolutePath().normalize();
        this.properties = properties;
        this.pollMillis = pollMillis;
    }

    /** Called once Camel started: what is on disk now is what was loaded. */
    public synchronized void start(CamelContext context) {
        if (swap != null) {
            return;
        }
        applied.putAll(RouteFiles.read(routesDir));
        validator = new RouteValidator(routesDir, properties, context.getRegistry());
        ParameterCheck.warmUpInBackground();
        swap = new FileSwap(new LiveRoutes((ModelCamelContext) context));
        RouteFilesHealthCheck check = new RouteFilesHealthCheck(this::problems);
        check.setCamelContext(context);
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            registry.register(check);
        }
        if (pollMillis > 0) {
            watcher = new RouteFileWatcher(routesDir, pollMillis, this::reload);
            watcher.start();
        }
    }

    public void stop() {
        if (watcher != null) {
            watcher.stop();
        }
    }

    @Override
    public ReloadReport reloadAll() {
        return reload(System.currentTimeMillis());
    }

    /** Not synchronized: health checks and GET /admin/reload must answer while a reload waits for in-flight work. */
    @Override
    public List<ReloadProblem> problems() {
        return open;
    }

    private void publishProblems() {
        open = problems.values().stream().flatMap(List::stream).toList();
    }

    /** Latency of the last reload that applied something (ms from detection to routes started), -1 before any. */
    public long lastReloadMillis() {
        return lastMillis;
    }

    /** @param detected when the change was first seen (the watcher) or asked for (admin API, CLI) */
    synchronized ReloadReport reload(long detected) {
        if (swap == null) {
            throw new IllegalStateException("reload service not started");
        }
        Map<Path, String> disk = RouteFiles.read(routesDir);
        Set<Path> changed = new TreeSet<>(RouteFiles::compare);
        disk.forEach((f, text) -> {
            if (!text.equals(applied.get(f))) {
                changed.add(f);
            }
        });
        applied.keySet().stream().filter(f -> !disk.containsKey(f)).forEach(changed::add);
        // a file put back to what runs needs nothing applied, but its problem is gone
        problems.keySet().removeIf(f -> Objects.equals(disk.get(f), applied.get(f)));
        publishProblems();

        List<String> files = new ArrayList<>();
        List<String> started = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        long validateMillis = 0;
        for (Path file : changed) {
            Map<Path, String> next = new TreeMap<>(RouteFiles::compare);
            next.putAll(applied);
            if (disk.containsKey(file)) {
                next.put(file, disk.get(file));
            } else {
                next.remove(file);
            }
            long t0 = System.currentTimeMillis();
            List<ReloadProblem> found = validator.validate(next, List.of(file));
            validateMillis += System.currentTimeMillis() - t0;
            if (found.isEmpty()) {
                try {
                    FileSwap.Result r = swap.apply(file, applied, next);
                    applied = next;
                    files.add(RouteFiles.display(file));
                    started.addAll(r.started());
                    removed.addAll(r.removed());
                } catch (FileSwap.RestoredException e) {
                    found = List.of(ProblemMapper.map(e.getCause(), next, List.of(file), file));
                    found = List.of(new ReloadProblem(found.get(0).file(), found.get(0).line(),
                            "valid, but failed in the running context (previous version restored): " + found.get(0).message()));
                }
            }
            record(file, found);
            publishProblems();
        }
        long millis = System.currentTimeMillis() - detected;
        if (!files.isEmpty()) {
            lastMillis = millis;
            LOG.info("Reloaded {} in {} ms from detection ({} ms of it validating): {} route(s) started, {} removed",
                    files, millis, validateMillis, started.size(), removed.size());
        }
        return new ReloadReport(files, started, removed, problems(), millis);
    }

    /** Keeps the file's problems (logged once per distinct problem) or clears them. */
    private void record(Path file, List<ReloadProblem> found) {
        if (found.isEmpty()) {
            if (problems.remove(file) != null) {
                LOG.info("{} is valid again and applied", RouteFiles.display(file));
            }
            return;
        }
        if (!found.equals(problems.get(file))) {
            found.forEach(p -> LOG.error("{} (not applied, previous version keeps running)", p.format()));
        }
        problems.put(file, found);
    }
}
