package io.mediarelay.getty;

import java.util.function.Consumer;

import javax.sql.DataSource;

import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.sandbox.getty.GettySandboxConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/** Starts sandboxes and CamelContexts wired the way the runtime wires them (DataSource bound by name). */
final class GettyTestSupport {

    static final String API_KEY = "sandbox-api-key";
    static final String CLIENT_ID = "sandbox-client";
    static final String CLIENT_SECRET = "sandbox-secret";
    static final String USERNAME = "sandbox-user";
    static final String PASSWORD = "sandbox-password";

    private GettyTestSupport() {
    }

    static GettySandbox sandbox() {
        return sandbox(c -> { });
    }

    static GettySandbox sandbox(Consumer<GettySandboxConfig> tweak) {
        GettySandboxConfig cfg = new GettySandboxConfig().port(0).tokenLifetimeSeconds(1800).qpsLimit(0).errorRatio(0).latencyMs(0);
        tweak.accept(cfg);
        return new GettySandbox(cfg).start();
    }

    /** A started context whose getty component points at the sandbox with the password grant. */
    static CamelContext context(GettySandbox sandbox, DataSource ds, Consumer<GettyComponent> tweak, RouteBuilder routes)
            throws Exception {
        return context(sandbox.baseUrl(), sandbox.tokenUrl(), ds, tweak, routes);
    }

    /** The same against a sandbox in another process (bench). */
    static CamelContext context(String baseUrl, String tokenUrl, DataSource ds, Consumer<GettyComponent> tweak, RouteBuilder routes)
            throws Exception {
        DefaultCamelContext ctx = new DefaultCamelContext();
        if (ds != null) {
            ctx.getRegistry().bind(GettyComponent.DEFAULT_DATA_SOURCE, ds);
        }
        GettyComponent getty = new GettyComponent();
        getty.getConfiguration().setBaseUrl(baseUrl);
        getty.getConfiguration().setTokenUrl(tokenUrl);
        getty.getConfiguration().setApiKey(API_KEY);
        getty.getConfiguration().setClientId(CLIENT_ID);
        getty.getConfiguration().setClientSecret(CLIENT_SECRET);
        getty.getConfiguration().setUsername(USERNAME);
        getty.getConfiguration().setPassword(PASSWORD);
        getty.getConfiguration().setConnectTimeout(2000);
        getty.getConfiguration().setReadTimeout(10_000);
        getty.getConfiguration().setInitialBackoff(20);
        getty.getConfiguration().setMaxBackoff(300);
        tweak.accept(getty);
        ctx.addComponent("getty", getty);
        if (routes != null) {
            ctx.addRoutes(routes);
        }
        ctx.start();
        return ctx;
    }
}
