package io.mediarelay.runtime.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.getty.LicenseEvent;
import io.mediarelay.getty.LicenseEventRepository;
import io.mediarelay.license.Decision;
import io.mediarelay.license.LicenseRules;
import io.mediarelay.runtime.admin.CliQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code mediarelay licenses}: the Getty license events ({@code license_events}) and {@code licenses release KEY}
 * for an UNCERTAIN one an operator has reconciled with Getty's download history. Reads the database file, or
 * asks the running runtime's admin API while it holds the file (listing and check; release needs the file). Download URIs (signed links) are never printed.
 */
@Command(name = "licenses", mixinStandardHelpOptions = true, description = "List Getty license events; 'licenses release KEY' clears an UNCERTAIN one.",
        subcommands = {LicensesCommand.Release.class, LicensesCommand.Check.class})
final class LicensesCommand implements Callable<Integer> {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @CommandLine.Mixin
    MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

    @Option(names = "--status", description = "Only this status: PENDING, LICENSED or UNCERTAIN.")
    String status;

    @Option(names = "--asset", description = "Only this Getty asset id.")
    String asset;

    @Option(names = "--limit", description = "At most this many rows, newest first when unfiltered (default: ${DEFAULT-VALUE}).",
            defaultValue = "200")
    int limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RuntimeConfig config = options.load();
        List<LicenseEvent> events;
        try {
            events = FromDatabaseOrRuntime.read(config, ds -> CliQueries.licenses(ds, status, asset, limit),
                    FromDatabaseOrRuntime.path("/admin/licenses", "status", status, "asset", asset, "limit", limit),
                    new TypeReference<List<LicenseEvent>>() { });
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("mediarelay: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        print(spec.commandLine().getOut(), events);
        return 0;
    }

    static void print(PrintWriter out, List<LicenseEvent> events) {
        String fmt = "%-6s %-36s %-16s %-7s %-10s %-9s %-19s %-19s %-5s %s%n";
        out.printf(fmt, "ID", "REQUEST KEY", "ASSET", "TYPE", "PRODUCT", "STATUS", "LICENSED AT (UTC)", "URI EXPIRES (UTC)",
                "COUNT", "DETAIL");
        for (LicenseEvent e : events) {
            out.printf(fmt, e.id(), e.requestKey(), e.assetId(), nz(e.assetType()),
                    nz(e.productId()) + (e.productType() == null ? "" : "/" + e.productType()), e.status(), ts(e.licensedAt()),
                    ts(e.uriExpiresAt()), e.licenseCount(), nz(e.detail()));
        }
        out.flush();
    }

    static LicenseEventRepository repository(RuntimeConfig config) {
        return new LicenseEventRepository(CliDatabase.open(config));
    }

    private static String ts(Instant i) {
        return i == null ? "-" : TS.format(i);
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }

    /**
     * {@code mediarelay licenses check --asset A --channel C --territory T [--date D] [--quantity N]}: what the license
     * gate would decide for this use now, by the gate's own code path ({@link LicenseRules#decide} over the registry
     * with the runtime's restriction table). Nothing is recorded. Exit 0 allowed, 1 refused, 2 bad input.
     */
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Decide one use like the license gate:"
            + " prints the verdict, the license chosen and the rule that decided (docs/GOVERNANCE.md).")
    static final class Check implements Callable<Integer> {
        @CommandLine.Mixin
        MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

        @Option(names = "--asset", required = true, description = "Asset id.")
        String asset;

        @Option(names = "--channel", required = true, description = "Channel (web, print, social, ...).")
        String channel;

        @Option(names = "--territory", required = true, description = "ISO 3166-1 alpha-2 code or WORLDWIDE.")
        String territory;

        @Option(names = "--date", description = "Use date yyyy-MM-dd (default: today in mediarelay.license.zone).")
        String date;

        @Option(names = "--quantity", defaultValue = "1", description = "Number of uses (default: ${DEFAULT-VALUE}).")
        int quantity;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            RuntimeConfig config = options.load();
            Decision d;
            try {
                LocalDate day = date == null ? null : LocalDate.parse(date.trim());
                d = FromDatabaseOrRuntime.read(config,
                        ds -> CliQueries.check(config, ds, asset, channel, territory, day, quantity),
                        FromDatabaseOrRuntime.path("/admin/licenses/check", "asset", asset, "channel", channel,
                                "territory", territory, "date", day, "quantity", quantity),
                        new TypeReference<Decision>() { });
            } catch (DateTimeParseException e) {
                err.println("mediarelay: --date must be yyyy-MM-dd, got '" + date + "'");
                err.flush();
                return 2;
            } catch (IllegalArgumentException e) {
                err.println("mediarelay: " + e.getMessage());
                err.flush();
                return 2;
            }
            out.println((d.allowed() ? "ALLOW " : "DENY ") + d.code() + "  license " + nz(d.licenseId()) + "  rule: "
                    + d.rule());
            out.println("reason: " + d.reason());
            if (d.restrictions() != null) {
                out.println("restrictions: " + d.restrictions());
            }
            for (String rule : d.appliedRules()) {
                out.println("restriction rule: " + rule);
            }
            out.flush();
            return d.allowed() ? 0 : 1;
        }
    }

    /** {@code mediarelay licenses release KEY}: only for UNCERTAIN events. */
    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release an UNCERTAIN license event after checking Getty's download history:"
            + " a key that never licensed is forgotten (the next request licenses again); one with an earlier license"
            + " returns to LICENSED.")
    static final class Release implements Callable<Integer> {
        @CommandLine.Mixin
        MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

        @Parameters(index = "0", paramLabel = "REQUEST_KEY", description = "The request key (see 'mediarelay licenses --status UNCERTAIN').")
        String requestKey;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LicenseEventRepository repo = repository(options.load());
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<LicenseEvent> found = repo.find(requestKey);
            if (found.isEmpty()) {
                err.println("mediarelay: no license event with request key '" + requestKey + "'");
                err.flush();
                return 1;
            }
            LicenseEvent e = found.get();
            if (!LicenseEvent.UNCERTAIN.equals(e.status())) {
                err.println("mediarelay: license event '" + requestKey + "' is " + e.status()
                        + "; only UNCERTAIN events can be released");
                err.flush();
                return 1;
            }
            repo.release(requestKey);
            Optional<LicenseEvent> after = repo.find(requestKey);
            if (after.isEmpty()) {
                out.println("released " + requestKey + " (asset " + e.assetId() + "): forgotten; the next request for it licenses again");
            } else {
                out.println("released " + requestKey + " (asset " + e.assetId() + "): back to " + after.get().status()
                        + " (licensed " + after.get().licenseCount() + " time(s) before)");
            }
            out.flush();
            return 0;
        }
    }
}
