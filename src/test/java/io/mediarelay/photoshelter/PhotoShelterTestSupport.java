package io.mediarelay.photoshelter;

import java.nio.file.Path;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import io.mediarelay.sandbox.photoshelter.PhotoShelterSandboxConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/** Starts sandboxes and CamelContexts wired the way the runtime wires them (DataSource bound by name). */
final class PhotoShelterTestSupport {

    static final String API_KEY = "sandbox-ps-api-key";
    static final String EMAIL = "sandbox@mediarelay.example";
    static final String PASSWORD = "sandbox-ps-password";

    private PhotoShelterTestSupport() {
    }

    static PhotoShelterSandbox sandbox(Path dataDir) {
        return sandbox(dataDir, c -> { });
    }

    static PhotoShelterSandbox sandbox(Path dataDir, Consumer<PhotoShelterSandboxConfig> tweak) {
        PhotoShelterSandboxConfig cfg = new PhotoShelterSandboxConfig().port(0).dataDir(dataDir);
        tweak.accept(cfg);
        return new PhotoShelterSandbox(cfg).start();
    }

    static void configure(PhotoShelterComponent ps, String baseUrl) {
        ps.getConfiguration().setBaseUrl(baseUrl);
        ps.getConfiguration().setApiKey(API_KEY);
        ps.getConfiguration().setEmail(EMAIL);
        ps.getConfiguration().setPassword(PASSWORD);
        ps.getConfiguration().setConnectTimeout(2000);
        ps.getConfiguration().setReadTimeout(20_000);
        ps.getConfiguration().setInitialBackoff(20);
        ps.getConfiguration().setMaxBackoff(1000);
    }

    /** A started context whose photoshelter component points at the sandbox. */
    static CamelContext context(PhotoShelterSandbox sandbox, DataSource ds, Consumer<PhotoShelterComponent> tweak, RouteBuilder routes)
            throws Exception {
        DefaultCamelContext ctx = new DefaultCamelContext();
        if (ds != null) ctx.getRegistry().bind(PhotoShelterComponent.DEFAULT_DATA_SOURCE, ds);
        PhotoShelterComponent ps = new PhotoShelterComponent();
        configure(ps, sandbox.baseUrl());
        tweak.accept(ps);
        ctx.addComponent("photoshelter", ps);
        if (routes != null) ctx.addRoutes(routes);
        ctx.start();
        return ctx;
    }

    static PhotoShelterComponent component(CamelContext ctx) {
        return (PhotoShelterComponent) ctx.getComponent("photoshelter");
    }
}
