package io.mediarelay.transfer.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.camel.Processor;
import org.apache.camel.main.Main;

/**
 * Throughput of a real flow for bench/ftp-throughput.sh: Camel Main runs bench/ftp-delivery-flow.camel.yaml (file
 * consumer -> threads -> kamelet:ftp-delivery-sink, the same kamelet and {@link FtpDeliverySink} bean the flows
 * use). Usage like {@link DeliveryBench}: {@code FlowDeliveryBench host port user password remoteDir parallel
 * path...} (a directory = every regular file in it), run from the project directory. Each batch hard-links the
 * files into a staging folder and moves that folder into the watched folder in one rename, so the clock starts
 * when the files appear and stops at the last delivered exchange. {@code -Dbench.batches=2}: b1 includes JIT
 * warm-up, later batches are what a long-running runtime sees (the JIT needs a few). Prints one line per batch like DeliveryBench. {@code -Dbench.flow=<file>}
 * runs another flow file (same properties) for comparisons; {@code -Dbench.sync=true} syncs before each batch.
 */
public final class FlowDeliveryBench {
    private FlowDeliveryBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            files.addAll(expand(Path.of(args[i])));
        }
        // -Dbench.warmup=<file or dir>: delivered once before the timed batches (to <remoteDir>/warmup), so the
        // figures are those of a running runtime, not of a JVM whose JIT is still busy with Camel's start-up
        String warmupArg = System.getProperty("bench.warmup", "");
        List<Path> warmup = warmupArg.isBlank() ? List.of() : expand(Path.of(warmupArg));
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        // staging next to the source so that hard links work (same file system)
        Path work = Files.createTempDirectory(Path.of(args[6]).toAbsolutePath().getParent(), "flow-bench-");
        Path watch = Files.createDirectories(work.resolve("watch"));
        AtomicLong done = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        Properties props = new Properties();
        // the runtime's Camel settings (stream caching off, breadcrumbs on, ...), so the flow costs what it costs there
        Properties app = new Properties();
        try (var in = Files.newBufferedReader(Path.of("config/application.properties"))) {
            app.load(in);
        }
        app.stringPropertyNames().stream().filter(k -> k.startsWith("camel.main.")).forEach(k -> props.setProperty(k, app.getProperty(k)));
        props.setProperty("camel.main.routes-include-pattern", "file:" + System.getProperty("bench.flow", "bench/ftp-delivery-flow.camel.yaml"));
        props.setProperty("camel.component.kamelet.location", "file:routes/kamelets");
        props.setProperty("camel.main.routes-reload-enabled", "false");
        props.setProperty("bench.watch", watch.toString());
        props.setProperty("mediarelay.destinations.bench.host", args[0]);
        props.setProperty("mediarelay.destinations.bench.port", args[1]);
        props.setProperty("mediarelay.destinations.bench.username", args[2]);
        props.setProperty("mediarelay.destinations.bench.password", args[3]);
        props.setProperty("mediarelay.destinations.bench.directory", args[4]);
        props.setProperty("mediarelay.destinations.bench.connections", args[5]);
        props.setProperty("bench.parallel", args[5]);
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("false");
        main.setInitialProperties(props);
        FtpDeliverySink sink = new FtpDeliverySink();
        main.bind("ftpDelivery", sink);
        main.bind("benchDone", (Processor) e -> {
            lastDone.set(System.nanoTime());
            done.incrementAndGet();
        });
        int batches = Integer.getInteger("bench.batches", 1);
        long timeoutNs = Long.getLong("bench.timeout-s", 600) * 1_000_000_000L;
        int status = 0;
        try {
            main.start();
            long delivered = 0;
            for (int b = warmup.isEmpty() ? 1 : 0; b <= batches; b++) {
                String label = b == 0 ? "warmup" : "b" + b;
                List<Path> batch = b == 0 ? warmup : files;
                Path staged = Files.createDirectories(work.resolve(label));
                for (Path f : batch) {
                    Path link = staged.resolve(f.getFileName().toString());
                    try {
                        Files.createLink(link, f.toAbsolutePath());
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(f, link);
                    }
                }
                delivered += batch.size();
                long target = delivered;
                DeliveryBench.flushDirtyPages();
                long start = System.nanoTime();
                Files.move(staged, watch.resolve(label), StandardCopyOption.ATOMIC_MOVE);
                while (done.get() < target) {
                    if (System.nanoTime() - start > timeoutNs) {
                        throw new IllegalStateException(label + ": only " + (done.get() - target + batch.size())
                                + " of " + batch.size() + " delivered in time (see the log for failures)");
                    }
                    Thread.sleep(2);
                }
                if (b == 0) {
                    continue;
                }
                double secs = (lastDone.get() - start) / 1e9;
                System.out.printf("%s files=%d bytes=%d seconds=%.3f files_per_s=%.1f mb_per_s=%.1f%n",
                        label, files.size(), bytes, secs, files.size() / secs, bytes / secs / 1e6);
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            main.stop();
            sink.close();
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(status);
    }

    private static List<Path> expand(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
