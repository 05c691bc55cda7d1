package io.mediarelay.runtime.reload;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness check {@code route-files}: DOWN while a saved route file could not be applied, with the problem as the
 * message. Camel's own reload leaves health UP after a bad save; operators must see that the files on disk are
 * not what runs. Not a liveness check: the old routes still run, restarting the process would not help.
 */
final class RouteFilesHealthCheck extends AbstractHealthCheck {
    private final Supplier<List<ReloadProblem>> problems;

    RouteFilesHealthCheck(Supplier<List<ReloadProblem>> problems) {
        super("mediarelay", "route-files");
        this.problems = problems;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<ReloadProblem> open = problems.get();
        if (open.isEmpty()) {
            builder.up();
            return;
        }
        builder.message(open.size() + " route file problem(s), previous version still running: " + open.get(0).format()
                + (open.size() > 1 ? " (and " + (open.size() - 1) + " more)" : ""));
        builder.detail("problems", open.stream().map(ReloadProblem::format).toList());
        builder.down();
    }
}
