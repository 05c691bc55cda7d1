package io.mediarelay.runtime.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.MediarelayRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code mediarelay} command. With no sub-command it runs the runtime on the configured profile
 * (the embedded default out of the box).
 */
@Command(name = "mediarelay", mixinStandardHelpOptions = true, versionProvider = MediarelayCli.Version.class,
        description = "Connector runtime for licensed media: Getty Images, PhotoShelter, FTP/SFTP and HTTP systems.",
        subcommands = {MediarelayCli.Run.class, FlowsCommand.class, ReloadCommand.class, ValidateCommand.class,
                DeadLettersCommand.class, LicensesCommand.class, WebhooksCommand.class, PlanCommand.class, MigrateCommand.class,
                MediarelayCli.VersionCommand.class})
public final class MediarelayCli implements Callable<Integer> {

    /** Options every command shares: where the configuration is, which profile, single overrides. */
    static final class ConfigOptions {
        @Option(names = "--config", description = "Configuration directory (default: ${DEFAULT-VALUE}).", defaultValue = "config")
        Path configDir;

        @Option(names = {"-p", "--profile"}, description = "Profile: embedded (default), production, ...")
        String profile;

        @Option(names = {"-s", "--set"}, description = "Override one property, e.g. --set mediarelay.embedded.ftp.port=2122")
        Map<String, String> overrides;

        RuntimeConfig load() {
            Properties props = new Properties();
            if (overrides != null) {
                props.putAll(overrides);
            }
            return RuntimeConfig.load(configDir, profile, props);
        }
    }

    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        return new Run(options).call();
    }

    @Command(name = "run", description = "Run the runtime until stopped (Ctrl-C / SIGTERM).")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        Run() {
        }

        Run(ConfigOptions options) {
            this.options = options;
        }

        @Override
        public Integer call() throws Exception {
            RuntimeConfig config = options.load();
            return new MediarelayRuntime(config).runUntilStopped();
        }
    }

    @Command(name = "version", description = "Print the version.")
    static final class VersionCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            for (String line : new Version().getVersion()) {
                System.out.println(line);
            }
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MediarelayCli.class.getPackage().getImplementationVersion();
            return new String[] {"mediarelay " + (v == null ? "dev" : v) + " (Apache Camel "
                    + org.apache.camel.impl.DefaultCamelContext.class.getPackage().getImplementationVersion()
                    + ", Java " + System.getProperty("java.version") + ")"};
        }
    }

    /** Entry point; configuration problems print one line and exit 2, never a stack trace. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new MediarelayCli());
        // options before the sub-command (mediarelay --profile production run) belong to the sub-command too;
        // picocli would otherwise keep them on the top-level command, which does not run, and drop them silently
        cli.setExecutionStrategy(parsed -> {
            try {
                InheritedOptions.apply(parsed);
            } catch (ConfigException e) {
                System.err.println("mediarelay: " + e.getMessage());
                return 2;
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof ConfigException)) {
                t = t.getCause();
            }
            if (t != null) {
                System.err.println("mediarelay: " + t.getMessage());
                return 2;
            }
            System.err.println("mediarelay: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
