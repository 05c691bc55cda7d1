package io.mediarelay.runtime.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.photoshelter.intake.ArchiveMigration;
import io.mediarelay.photoshelter.intake.ArchivePlan;
import io.mediarelay.photoshelter.intake.ImageCheck;
import io.mediarelay.photoshelter.intake.SidecarProblem;
import io.mediarelay.runtime.MediarelayRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code mediarelay migrate <source-dir>}: PF2, a legacy archive into PhotoShelter. Starts the runtime with only the
 * migration flow switched on (the other flows' switches off), runs the migration with a progress line, stops.
 * Resumable: run it again after an interruption (even kill -9) and it continues where it stopped.
 * {@code --dry-run} validates everything and prints the plan without starting anything.
 */
@Command(name = "migrate", description = "PF2: migrate a legacy archive folder into PhotoShelter (batched, resumable).")
final class MigrateCommand implements Callable<Integer> {
    @CommandLine.Mixin
    MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

    @Parameters(index = "0", description = "Archive folder: sub-folders become collections/galleries, metadata.csv and <file>.xml sidecars are read.")
    Path sourceDir;

    @Option(names = "--dry-run", description = "Validate sidecars, references, images and names; print the plan; upload nothing.")
    boolean dryRun;

    @Option(names = "--batch-size", description = "Files per batch (default: mediarelay.pf2.batch-size).")
    int batchSize;

    @Option(names = "--workers", description = "Parallel uploads (default: mediarelay.pf2.workers).")
    int workers;

    @Option(names = "--verbose", description = "Print every file of the plan (dry run).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(sourceDir)) {
            System.err.println("mediarelay: " + sourceDir + " is not a directory");
            return 2;
        }
        RuntimeConfig config = options.load();
        if (dryRun) return dryRun(config);
        config = config.with(onlyMigration(config));
        try (MediarelayRuntime runtime = new MediarelayRuntime(config).start()) {
            ArchiveMigration migration = runtime.context().getRegistry().lookupByNameAndType("pf2Migration", ArchiveMigration.class);
            ArchiveMigration.Report r = migration.run(runtime.context(), sourceDir, new ArchiveMigration.Options(false, batchSize, workers),
                    (handled, toDo, uploaded, existing, failed, rate) -> System.out.printf("pf2: %d/%d files (%d uploaded, %d found already,"
                            + " %d failed) %.1f files/s%n", handled, toDo, uploaded, existing, failed, rate));
            printProblems(r);
            System.out.printf("pf2: %s: %d files, %d invalid, %d done before, %d uploaded, %d found already uploaded, %d failed in %.1f s"
                            + " (%.1f files/s); status now %s%n", r.root(), r.files(), r.invalid(), r.alreadyDone(), r.uploaded(), r.existing(),
                    r.failed(), r.seconds(), r.filesPerSecond(), r.statusCounts());
            r.failures().forEach(f -> System.out.println("  FAILED " + f));
            return r.failed() == 0 ? 0 : 1;
        }
    }

    private int dryRun(RuntimeConfig config) throws Exception {
        var ds = CliDatabase.open(config);
        ArchiveMigration migration = new ArchiveMigration(ds, config.get("mediarelay.pf2.collection", "Archive"),
                config.get("mediarelay.pf2.root-gallery", "Archive root"),
                new ImageCheck(extensions(config.get("mediarelay.pf2.allowed-extensions", ""))), 1, 1);
        ArchiveMigration.Report r = migration.dryRun(sourceDir);
        ArchivePlan plan = migration.plan(sourceDir);
        Map<String, Integer> perGallery = new HashMap<>();
        plan.items().stream().filter(i -> i.invalid() == null).forEach(i -> perGallery.merge(i.galleryPath(), 1, Integer::sum));
        System.out.println("pf2 dry run of " + r.root() + " (nothing is uploaded)");
        perGallery.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.printf("  gallery %-50s %d files%n", e.getKey(), e.getValue()));
        if (verbose) {
            plan.items().forEach(i -> System.out.printf("  %s -> %s/%s %s%s%n", i.relPath(), i.galleryPath(), i.uploadName(),
                    i.iptc().isEmpty() ? "" : i.iptc(), i.invalid() == null ? "" : "  NOT MIGRATED: " + i.invalid()));
        }
        printProblems(r);
        System.out.printf("pf2 dry run: %d files, %d valid, %d invalid, %d already done, %d would be uploaded, %d problems%n",
                r.files(), r.valid(), r.invalid(), r.alreadyDone(), r.toDo(), r.problems().size());
        return r.problems().isEmpty() ? 0 : 1;
    }

    private static void printProblems(ArchiveMigration.Report r) {
        for (SidecarProblem p : r.problems()) System.out.println("  PROBLEM " + p);
    }

    /**
     * Every flow switch off except PF2's: a migration run should not also poll Getty boards or drop folders. The
     * switched-off flow files are not even loaded (as in production): a run of the whole runtime built 183 routes for
     * the one it uses, and a migration resumed after an interruption pays that start again (bench/pf2-migration.sh:
     * 4.5 s to 2.4 s a start with bin/mediarelay).
     */
    static Map<String, String> onlyMigration(RuntimeConfig config) throws Exception {
        Map<String, String> off = new HashMap<>();
        for (String key : config.properties().stringPropertyNames()) {
            if (key.matches("mediarelay\\.[a-z]+\\d+\\.enabled")) off.put(key, "false");
        }
        Path flows = config.path("mediarelay.routes-dir", "routes").resolve("flows");
        if (Files.isDirectory(flows)) {
            try (Stream<Path> s = Files.list(flows)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml") && !n.startsWith("pf2-"))
                        .forEach(n -> off.put("mediarelay.flows." + n.substring(0, n.length() - ".camel.yaml".length()) + ".enabled", "false"));
            }
        }
        off.put("mediarelay.pf2.enabled", "true");
        off.put("mediarelay.flows.skip-switched-off", "true");
        // nor the embedded servers of other flows (the embedded PhotoShelter sandbox stays as configured)
        for (String server : new String[] {"getty", "ftp", "receiver"}) off.put("mediarelay.embedded." + server + ".enabled", "false");
        return off;
    }

    static java.util.Set<String> extensions(String csv) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.trim().toLowerCase(java.util.Locale.ROOT).replaceFirst("^\\.", ""));
        return out;
    }
}
