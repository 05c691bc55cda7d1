package io.mediarelay.runtime;

import java.time.Clock;
import java.util.function.BiConsumer;

import io.mediarelay.library.LibraryComparisonAction;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.LicenseRules;
import io.mediarelay.usage.UsageLogAction;

/** Beans of the Getty -> FTP flows GF4 (usage logs in; the usage manifest is its kamelet's own bean) and GF5 (library comparison). */
public final class GettyFlowBeans {
    private GettyFlowBeans() {
    }

    public static void bind(BiConsumer<String, Object> beans, LicenseRegistry registry, LicenseRules rules, Clock clock) {
        beans.accept("usageLog", new UsageLogAction(registry, rules, clock));
        beans.accept("libraryComparison", new LibraryComparisonAction(clock));
    }
}
