package io.mediarelay.runtime.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mediarelay reload}: asks the running instance to check and apply changed route files. */
@Command(name = "reload", description = "Ask the running instance to reload changed route files (safely).")
final class ReloadCommand implements Callable<Integer> {
    @CommandLine.Mixin
    MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

    @Override
    public Integer call() {
        var response = new AdminClient(options.load()).call("POST", "/admin/reload");
        System.out.println(response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }
}
