package io.mediarelay.getty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.sandbox.getty.GettySandboxConfig;

/**
 * A standalone sandbox for the benches (bench/getty-download.sh, bench/gf1-throughput.sh):
 * {@code GettyBenchSandbox VIDEO_BYTES INFO_FILE [key=value ...]}. Binds a free port (or {@code port=}), writes
 * {@code base_url}, {@code token_url}, {@code video_id}, {@code board_id} and {@code board_assets} to INFO_FILE, and
 * serves until killed. Options: {@code latency-ms} (every /v3 and token call), {@code qps} (the /v3 limit, 429 above
 * it), {@code board-size} (the owned default board topped up with catalog images to that many assets; the catalog
 * grows to fit), {@code catalog-images}, {@code catalog-videos}, {@code download-limit} (licences per product),
 * {@code threads} (HTTP workers), {@code data-dir}, {@code port}.
 */
public final class GettyBenchSandbox {

    private static final List<String> KEYS = List.of("latency-ms", "qps", "board-size", "catalog-images",
            "catalog-videos", "download-limit", "threads", "data-dir", "port");

    private GettyBenchSandbox() {
    }

    public static void main(String[] args) throws Exception {
        GettySandbox sandbox = start(Long.parseLong(args[0]), options(Arrays.copyOfRange(args, 2, args.length)));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stop));
        writeInfo(sandbox, Path.of(args[1]));
        System.out.println("Getty bench sandbox on " + sandbox.baseUrl() + ", latency " + sandbox.config().latencyMs()
                + " ms, qps " + sandbox.config().qpsLimit() + ", board " + sandbox.defaultBoardId() + " with "
                + sandbox.boardAssetCount(sandbox.defaultBoardId()) + " assets, video "
                + sandbox.catalogVideoIds().get(0) + " of " + sandbox.config().videoBytes() + " bytes");
        Thread.currentThread().join();
    }

    static Map<String, String> options(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : kv) {
            int i = s.indexOf('=');
            if (i <= 0 || !KEYS.contains(s.substring(0, i))) {
                throw new IllegalArgumentException("expected key=value with a key of " + KEYS + ", got '" + s + "'");
            }
            out.put(s.substring(0, i), s.substring(i + 1));
        }
        return out;
    }

    /** Starts a sandbox with the options (see the class comment) and fills the default board. */
    static GettySandbox start(long videoBytes, Map<String, String> o) {
        int boardSize = Integer.parseInt(o.getOrDefault("board-size", "0"));
        GettySandboxConfig cfg = new GettySandboxConfig().port(Integer.parseInt(o.getOrDefault("port", "0")))
                .videoBytes(videoBytes)
                .latencyMs(Integer.parseInt(o.getOrDefault("latency-ms", "0")))
                .qpsLimit(Double.parseDouble(o.getOrDefault("qps", "0")))
                // the seeded board already holds some catalog images: a catalog of board-size images always suffices
                .catalogImages(Integer.parseInt(o.getOrDefault("catalog-images", String.valueOf(Math.max(60, boardSize)))))
                .catalogVideos(Integer.parseInt(o.getOrDefault("catalog-videos", "10")))
                .downloadLimit(Integer.parseInt(o.getOrDefault("download-limit", "100")))
                .threads(Integer.parseInt(o.getOrDefault("threads", "16")));
        if (o.containsKey("data-dir")) {
            cfg.dataDir(Path.of(o.get("data-dir")));
        }
        GettySandbox sandbox = new GettySandbox(cfg).start();
        String board = sandbox.defaultBoardId();
        for (String id : sandbox.catalogImageIds()) {
            if (sandbox.boardAssetCount(board) >= boardSize) {
                break;
            }
            sandbox.addAssetToBoard(board, id);
        }
        if (sandbox.boardAssetCount(board) < boardSize) {
            sandbox.stop();
            throw new IllegalArgumentException("board-size=" + boardSize + " needs a larger catalog-images");
        }
        return sandbox;
    }

    static void writeInfo(GettySandbox sandbox, Path info) throws java.io.IOException {
        Path tmp = info.resolveSibling(info.getFileName() + ".tmp");
        String board = sandbox.defaultBoardId();
        Files.writeString(tmp, "base_url=" + sandbox.baseUrl() + "\ntoken_url=" + sandbox.tokenUrl()
                + "\nvideo_id=" + sandbox.catalogVideoIds().get(0) + "\nboard_id=" + board
                + "\nboard_assets=" + sandbox.boardAssetCount(board) + "\n");
        Files.move(tmp, info, StandardCopyOption.ATOMIC_MOVE);
    }
}
