package io.mediarelay.runtime.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.reload.ReloadProblem;
import io.mediarelay.runtime.reload.RouteFiles;
import io.mediarelay.runtime.reload.RouteValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code mediarelay validate [files...]}: the checks a reload makes, before deploying, without a running instance
 * (no database, no servers). One {@code file:line: message} per problem, exit 1 if there is any.
 */
@Command(name = "validate", description = "Check route and kamelet files (default: all under the routes directory) "
        + "without running them; prints file:line: message per problem, exit 1 on any.")
final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Mixin
    MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Route or kamelet files to check.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        RuntimeConfig config = options.load();
        Path routes = config.path("mediarelay.routes-dir", "routes");
        if (!Files.isDirectory(routes)) {
            throw new ConfigException("routes directory " + routes + " does not exist (mediarelay.routes-dir)");
        }
        Quiet.camelLogs();
        List<ReloadProblem> problems = new RouteValidator(routes, config.properties(), new OfflineBeans(config.properties())).validateFiles(files);
        if (problems.isEmpty()) {
            System.out.println((files.isEmpty() ? RouteFiles.list(routes).size() : files.size()) + " files OK");
            return 0;
        }
        // a route file is input too: a control character in it never reaches the terminal raw (escape sequences)
        problems.forEach(p -> System.out.println(io.mediarelay.transfer.naming.RemoteNamePolicy.escaped(p.format())));
        System.err.println(problems.size() + " problem(s)");
        return 1;
    }
}
