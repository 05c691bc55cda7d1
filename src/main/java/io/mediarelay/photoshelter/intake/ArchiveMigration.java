package io.mediarelay.photoshelter.intake;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF2 driver: plans the archive ({@link ArchivePlan}), registers every file in {@code pf2_migration}, then sends
 * the files that are not DONE through route {@code pf2-archive-migration} in batches, each batch spread over a
 * pool of workers (the PhotoShelter client reuses one session and its HTTP connections across them). Counts go to
 * Micrometer ({@code mediarelay_pf2_files_total{outcome=...}} on /observe/metrics) and to a progress listener.
 */
public final class ArchiveMigration {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveMigration.class);
    public static final String ROUTE = "direct:pf2-archive-migration";

    public record Options(boolean dryRun, int batchSize, int workers) {
    }

    /** Progress: files handled in this run of {@code toDo}, with the outcome counts so far. */
    public interface Listener {
        void progress(long handled, long toDo, long uploaded, long existing, long failed, double filesPerSecond);
    }

    public record Report(Path root, int files, long valid, long alreadyDone, long toDo, long uploaded, long existing,
                         long failed, long invalid, List<SidecarProblem> problems, List<String> failures, double seconds,
                         Map<String, Integer> statusCounts) {
        public double filesPerSecond() {
            return seconds <= 0 ? 0 : (uploaded + existing) / seconds;
        }
    }

    private final MigrationProgress progress;
    private final String collection;
    private final String rootGallery;
    private final ImageCheck check;
    private final int defaultWorkers;
    private final int defaultBatchSize;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ArchiveMigration(DataSource dataSource, String collection, String rootGallery, ImageCheck check, int workers, int batchSize) {
        this.progress = new MigrationProgress(dataSource);
        this.collection = collection;
        this.rootGallery = rootGallery;
        this.check = check;
        this.defaultWorkers = Math.max(1, workers);
        this.defaultBatchSize = Math.max(1, batchSize);
    }

    public MigrationProgress progress() { return progress; }
    public int defaultWorkers() { return defaultWorkers; }
    public int defaultBatchSize() { return defaultBatchSize; }

    public ArchivePlan plan(Path sourceDir) throws Exception {
        return ArchivePlan.scan(sourceDir, collection, rootGallery, check);
    }

    /** Validates everything and says what a run would do; uploads and writes nothing. */
    public Report dryRun(Path sourceDir) throws Exception {
        long t0 = System.nanoTime();
        ArchivePlan plan = plan(sourceDir);
        Map<String, MigrationProgress.Row> rows = progress.rows(plan.root().toString());
        long done = plan.items().stream().filter(i -> i.invalid() == null)
                .filter(i -> rows.containsKey(i.fileKey()) && rows.get(i.fileKey()).status().equals(MigrationProgress.DONE)).count();
        long invalid = plan.items().size() - plan.valid();
        return new Report(plan.root(), plan.items().size(), plan.valid(), done, plan.valid() - done, 0, 0, 0, invalid,
                plan.problems(), List.of(), (System.nanoTime() - t0) / 1e9, Map.of());
    }

    public Report run(CamelContext context, Path sourceDir, Options options, Listener listener) throws Exception {
        if (options.dryRun()) return dryRun(sourceDir);
        long t0 = System.nanoTime();
        ArchivePlan plan = plan(sourceDir);
        // rows from an earlier run that are not DONE: that run may have uploaded the file and then lost the record
        // (kill -9; an embedded H2 also loses commits of its last ~0.5 s), so each is looked up before uploading
        java.util.Set<String> earlier = progress.rows(plan.root().toString()).keySet();
        Map<String, MigrationProgress.Row> rows = progress.register(plan);
        progress.flush();
        List<ArchivePlan.Item> todo = new ArrayList<>();
        long alreadyDone = 0;
        for (ArchivePlan.Item i : plan.items()) {
            if (i.invalid() != null) {
                count(context, "invalid");
                continue;
            }
            MigrationProgress.Row r = rows.get(i.fileKey());
            if (r != null && r.status().equals(MigrationProgress.DONE)) alreadyDone++; else todo.add(i);
        }
        int workers = options.workers() > 0 ? options.workers() : defaultWorkers;
        int batchSize = options.batchSize() > 0 ? options.batchSize() : defaultBatchSize;
        LOG.info("PF2 migration of {}: {} files, {} invalid, {} done before, {} to do ({} workers, batches of {})", plan.root(),
                plan.items().size(), plan.items().size() - plan.valid(), alreadyDone, todo.size(), workers, batchSize);
        AtomicLong uploaded = new AtomicLong();
        AtomicLong existing = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pf2-progress");
            t.setDaemon(true);
            return t;
        });
        Runnable report = () -> {
            if (listener == null) return;
            long ok = uploaded.get() + existing.get();
            double secs = (System.nanoTime() - start) / 1e9;
            listener.progress(ok + failed.get(), todo.size(), uploaded.get(), existing.get(), failed.get(), secs <= 0 ? 0 : ok / secs);
        };
        ticker.scheduleAtFixedRate(report, 1, 1, TimeUnit.SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "pf2-worker");
            t.setDaemon(true);
            return t;
        });
        ProducerTemplate template = context.createProducerTemplate();
        try {
            for (int from = 0; from < todo.size(); from += batchSize) {
                List<Future<?>> batch = new ArrayList<>();
                for (ArchivePlan.Item item : todo.subList(from, Math.min(todo.size(), from + batchSize))) {
                    batch.add(pool.submit(() -> {
                        String outcome = migrate(template, item, earlier, failures);
                        count(context, outcome);
                        switch (outcome) {
                            case "uploaded" -> uploaded.incrementAndGet();
                            case "existing" -> existing.incrementAndGet();
                            case "failed" -> failed.incrementAndGet();
                            default -> { }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : batch) f.get();
            }
        } finally {
            pool.shutdownNow();
            ticker.shutdownNow();
            template.stop();
        }
        report.run();
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Report(plan.root(), plan.items().size(), plan.valid(), alreadyDone, todo.size(), uploaded.get(), existing.get(),
                failed.get(), plan.items().size() - plan.valid(), plan.problems(), List.copyOf(failures), secs,
                progress.counts(plan.root().toString()));
    }

    private String migrate(ProducerTemplate template, ArchivePlan.Item item, java.util.Set<String> earlier, List<String> failures) {
        Exchange result = template.send(ROUTE, ex -> {
            var m = ex.getMessage();
            m.setBody(item.file().toFile());
            m.setHeader(Pf2Steps.FILE_KEY, item.fileKey());
            m.setHeader(IntakeHeaders.GALLERY_PATH, item.galleryPath());
            m.setHeader(IntakeHeaders.UPLOAD_NAME, item.uploadName());
            m.setHeader(IntakeHeaders.IPTC, item.iptc());
            m.setHeader(IntakeHeaders.CHECK_EXISTING, earlier.contains(item.fileKey()));
            m.setHeader(Exchange.FILE_NAME, item.relPath());
            m.setHeader(io.mediarelay.transfer.DeliveryHeaders.ASSET_ID, Pf1Steps.assetId(item.relPath()));
        });
        Throwable error = result.getException() != null ? result.getException() : result.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error != null) {
            String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
            try {
                progress.failed(item.fileKey(), reason);
            } catch (Exception e) {
                LOG.warn("PF2: could not record the failure of {}: {}", item.relPath(), e.getMessage());
            }
            failures.add(SafeUploadName.printable(item.relPath()) + ": " + reason);
            return "failed";
        }
        if (Boolean.TRUE.equals(result.getMessage().getHeader(Pf2Steps.ALREADY_DONE, Boolean.class))) return "already_done";
        return Boolean.TRUE.equals(result.getMessage().getHeader(IntakeHeaders.EXISTING, Boolean.class)) ? "existing" : "uploaded";
    }

    private void count(CamelContext context, String outcome) {
        Counter c = counters.computeIfAbsent(outcome, o -> {
            MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
            return registry == null ? null : Counter.builder("mediarelay.pf2.files").description("PF2 archive migration files by outcome")
                    .tag("outcome", o).register(registry);
        });
        if (c != null) c.increment();
    }
}
