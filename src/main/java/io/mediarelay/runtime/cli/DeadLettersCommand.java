package io.mediarelay.runtime.cli;

import java.util.concurrent.Callable;

import io.mediarelay.runtime.config.RuntimeConfig;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.runtime.deadletter.DeadLetterStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mediarelay dead-letters}: what failed after all retries, and why. Reads the database directly. */
@Command(name = "dead-letters", description = "List messages that failed after all retries.")
final class DeadLettersCommand implements Callable<Integer> {
    @CommandLine.Mixin
    MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

    @Override
    public Integer call() throws Exception {
        RuntimeConfig config = options.load();
        var ds = Database.dataSource(config.get("mediarelay.db.url"), config.get("mediarelay.db.user", ""),
                config.get("mediarelay.db.password", ""));
        Database.migrate(ds);
        var store = new DeadLetterStore(ds, config.path("mediarelay.data-dir", "data").resolve("dead-letters"));
        System.out.printf("%-6s %-24s %-22s %-8s %s%n", "ID", "ROUTE", "FAILED AT", "STATUS", "REASON");
        for (var d : store.list()) {
            System.out.printf("%-6d %-24s %-22s %-8s %s%n", d.id(), d.routeId(), d.failedAt(), d.status(), d.reason());
        }
        return 0;
    }
}
