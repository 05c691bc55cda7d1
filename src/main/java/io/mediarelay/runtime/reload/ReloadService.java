package io.mediarelay.runtime.reload;

import java.util.List;

/** Safe reload of route files, as the admin API and the CLI see it. */
public interface ReloadService {

    /** Checks every route and kamelet file and applies the ones that changed and are valid. */
    ReloadReport reloadAll();

    /** Problems found by the last checks that are still not fixed (empty when everything loaded). */
    List<ReloadProblem> problems();
}
