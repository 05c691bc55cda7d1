package io.mediarelay.getty;

import java.nio.file.Files;
import java.nio.file.Path;

import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.sandbox.getty.GettySandboxConfig;

/**
 * A standalone sandbox for bench/getty-download.sh: {@code GettyBenchSandbox VIDEO_BYTES INFO_FILE}. Binds a free
 * port, writes {@code base_url=..} and {@code video_id=..} to INFO_FILE, and serves until killed.
 */
public final class GettyBenchSandbox {

    private GettyBenchSandbox() {
    }

    public static void main(String[] args) throws Exception {
        long videoBytes = Long.parseLong(args[0]);
        Path info = Path.of(args[1]);
        GettySandbox sandbox = new GettySandbox(new GettySandboxConfig().port(0).videoBytes(videoBytes)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stop));
        Path tmp = info.resolveSibling(info.getFileName() + ".tmp");
        Files.writeString(tmp, "base_url=" + sandbox.baseUrl() + "\ntoken_url=" + sandbox.tokenUrl()
                + "\nvideo_id=" + sandbox.catalogVideoIds().get(0) + "\n");
        Files.move(tmp, info, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("Getty bench sandbox on " + sandbox.baseUrl() + ", video " + sandbox.catalogVideoIds().get(0)
                + " of " + videoBytes + " bytes");
        Thread.currentThread().join();
    }
}
