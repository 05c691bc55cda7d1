package io.mediarelay.runtime.reload;

import java.util.List;

/** What one reload did: files applied, routes restarted or removed, problems found, and how long it took. */
public record ReloadReport(List<String> appliedFiles, List<String> restartedRoutes, List<String> removedRoutes,
                           List<ReloadProblem> problems, long millis) {

    public boolean ok() {
        return problems.isEmpty();
    }
}
