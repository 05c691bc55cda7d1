package io.mediarelay.transfer.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Throughput of {@link VerifiedDelivery} (temp name, SIZE check, SHA-256 of the sent stream, rename) for
 * bench/ftp-throughput.sh. Usage: {@code DeliveryBench host port user password remoteDir parallel path...}; a
 * directory argument means every regular file in it. With {@code -Dbench.batches=2} the same files are sent again
 * to {@code remoteDir/b2} in the same JVM: b1 includes JIT warm-up, later batches are what a long-running runtime sees.
 * Prints one line per batch: files, bytes, seconds, files/s, MB/s.
 */
public final class DeliveryBench {
    private DeliveryBench() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int parallel = Integer.parseInt(args[5]);
        List<Path> files = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            Path p = Path.of(args[i]);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        DeliveryTarget t = new DeliveryTarget("ftp", host, port, args[2], args[3], args[4], 10_000, 60_000, 60_000,
                null, null, null, null, false, parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        int batches = Integer.getInteger("bench.batches", 1);
        try (VerifiedDelivery delivery = new VerifiedDelivery()) {
            for (int b = 1; b <= batches; b++) {
                String dir = batches == 1 ? args[4] : args[4] + "/b" + b;
                DeliveryTarget bt = new DeliveryTarget("ftp", host, port, args[2], args[3], dir, 10_000, 60_000, 60_000,
                        null, null, null, null, false, parallel);
                flushDirtyPages();
                run(delivery, bt, files, pool, "b" + b);
            }
        } finally {
            pool.shutdown();
        }
        System.exit(t.port() > 0 ? 0 : 1);
    }

    /**
     * {@code -Dbench.sync=true}: runs sync(1) before a batch (not timed), so that no batch pays for the write-back of
     * the previous one; the lftp runs it is compared with each start the same way. Without it, batches 5-8 of 100 MB
     * each took 1.0-1.3 s instead of 0.7-0.8 s.
     */
    static void flushDirtyPages() throws IOException, InterruptedException {
        if (Boolean.getBoolean("bench.sync")) {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        }
    }

    private static void run(VerifiedDelivery delivery, DeliveryTarget t, List<Path> files, ExecutorService pool, String label)
            throws Exception {
        {
            long start = System.nanoTime();
            List<Future<VerifiedDelivery.Result>> results = new ArrayList<>();
            for (Path f : files) {
                results.add(pool.submit(() -> delivery.deliver(t, f.getFileName().toString(), f, null, null, null)));
            }
            long bytes = 0;
            for (Future<VerifiedDelivery.Result> r : results) {
                bytes += r.get().bytes();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s files=%d bytes=%d seconds=%.3f files_per_s=%.1f mb_per_s=%.1f%n",
                    label, files.size(), bytes, secs, files.size() / secs, bytes / secs / 1e6);
        }
    }
}
