package io.mediarelay.runtime.embedded;

import java.nio.file.Path;
import java.util.Map;

import io.mediarelay.common.EmbeddedService;
import io.mediarelay.common.EmbeddedServiceFactory;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.transfer.EmbeddedFtpServer;

/** The embedded default's FTP server: {@code mediarelay.embedded.ftp.*}. */
public final class EmbeddedFtpServiceFactory implements EmbeddedServiceFactory {

    @Override
    public String name() {
        return "ftp";
    }

    @Override
    public boolean enabled(RuntimeConfig config) {
        return config.getBoolean("mediarelay.embedded.ftp.enabled", false);
    }

    @Override
    public EmbeddedService create(RuntimeConfig config) {
        Path root = config.path("mediarelay.embedded.ftp.root", "data/ftp");
        EmbeddedFtpServer server = new EmbeddedFtpServer(config.getInt("mediarelay.embedded.ftp.port", 2121), root,
                config.get("mediarelay.embedded.ftp.passive-ports", "0"))
                .user(config.get("mediarelay.embedded.ftp.user", "mediarelay"),
                        config.get("mediarelay.embedded.ftp.password"), ".");
        return new EmbeddedService() {
            @Override public String name() { return "ftp"; }
            @Override public void start() { server.start(); }
            @Override public void stop() { server.stop(); }
            @Override public Map<String, String> publishedProperties() {
                return Map.of("mediarelay.embedded.ftp.port", String.valueOf(server.port()));
            }
            @Override public Object unwrap() { return server; }
        };
    }
}
