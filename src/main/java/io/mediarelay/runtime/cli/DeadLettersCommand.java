package io.mediarelay.runtime.cli;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.deadletter.DeadLetterStore;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code mediarelay dead-letters [list]}: what failed after all retries, and why (reads the database directly).
 * {@code mediarelay dead-letters replay <id>...}: asks the running instance to send them back through their routes.
 */
@Command(name = "dead-letters", description = "List messages that failed after all retries, or replay them.",
        subcommands = {DeadLettersCommand.ReplayCommand.class})
final class DeadLettersCommand implements Callable<Integer> {
    @CommandLine.Mixin
    MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

    @Override
    public Integer call() throws Exception {
        RuntimeConfig config = options.load();
        List<DeadLetterStore.DeadLetter> letters = FromDatabaseOrRuntime.read(config,
                ds -> new DeadLetterStore(ds, config.path("mediarelay.data-dir", "data").resolve("dead-letters")).list(),
                "/admin/dead-letters", new TypeReference<List<DeadLetterStore.DeadLetter>>() { });
        System.out.printf("%-6s %-24s %-22s %-9s %s%n", "ID", "ROUTE", "FAILED AT", "STATUS", "REASON");
        for (var d : letters) {
            System.out.printf("%-6d %-24s %-22s %-9s %s%n", d.id(), d.routeId(), d.failedAt(), d.status(), d.reason());
        }
        return 0;
    }

    @Command(name = "replay", description = "Send dead letters back through the route they failed in (each at most once).")
    static final class ReplayCommand implements Callable<Integer> {
        @CommandLine.Mixin
        MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

        @CommandLine.Parameters(arity = "1..*", paramLabel = "ID", description = "dead letter ids (see `dead-letters`)")
        List<Long> ids;

        @Override
        public Integer call() {
            AdminClient admin = new AdminClient(options.load());
            int exit = 0;
            for (long id : ids) {
                var response = admin.call("POST", "/admin/dead-letters/" + id + "/replay");
                System.out.println(response.body());
                if (response.statusCode() != 200 || response.body().contains("DEAD_LETTERED_AGAIN")) {
                    exit = 1;
                }
            }
            return exit;
        }
    }
}
