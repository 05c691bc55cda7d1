package io.mediarelay.getty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.mediarelay.connector.RateLimiter;
import io.mediarelay.connector.SecureUrls;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.sandbox.getty.GettySandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/** Plain http only to loopback; secrets never in logs, exception messages or endpoint URIs. */
class GettySecurityTest {

    @Test
    void plainHttpToNonLoopbackIsRefusedForTokenUsageAndDownload() throws Exception {
        // token URL
        GettyConfiguration cfg = new GettyConfiguration();
        cfg.setTokenUrl("http://authentication.example.com/oauth2/token");
        cfg.setClientId("x-" + System.nanoTime());
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class, () -> new TokenProvider(cfg, new RateLimiter(0)));
        assertTrue(token.getMessage().contains("Refusing OAuth2 token request"), token.getMessage());

        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            // usage against a plain-http, non-loopback API host (token URL is the loopback sandbox)
            CamelContext ctx = GettyTestSupport.context(sandbox, null, c -> c.getConfiguration().setBaseUrl("http://api.example.com"), new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:usage").to("getty:usage");
                }
            });
            try {
                Exchange ex = ctx.createProducerTemplate().request("direct:usage", e -> e.getMessage()
                        .setBody(List.of(java.util.Map.of("asset_id", "1", "quantity", 1, "usage_date", "2026-01-01"))));
                assertTrue(ex.getException() instanceof IllegalArgumentException, String.valueOf(ex.getException()));
                assertTrue(ex.getException().getMessage().contains("Refusing Getty API call"), ex.getException().getMessage());
                assertEquals(0, sandbox.usageBatchCount());

                // download URI (as returned by a license POST) on plain http to a public host
                DownloadFetcher fetcher = new DownloadFetcher(((GettyComponent) ctx.getComponent("getty")).client());
                IllegalArgumentException dl = assertThrows(IllegalArgumentException.class,
                        () -> fetcher.fetch("http://delivery.example.com/xa/1.jpg?k=signature", "f.jpg"));
                assertTrue(dl.getMessage().contains("Refusing download"), dl.getMessage());
                assertFalse(dl.getMessage().contains("signature"), "signed query must not leak: " + dl.getMessage());
            } finally {
                ctx.close();
            }
        }
        assertTrue(SecureUrls.isLoopback("127.0.0.1") && SecureUrls.isLoopback("127.1.2.3") && SecureUrls.isLoopback("localhost")
                && SecureUrls.isLoopback("[::1]"));
        assertFalse(SecureUrls.isLoopback("127.0.0.1.example.com") || SecureUrls.isLoopback("10.0.0.1") || SecureUrls.isLoopback("localhost.evil"));
        SecureUrls.requireSecure("https://api.gettyimages.com/v3", "x");
    }

    @Test
    void secretsNeverAppearInLogsOrErrors() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        LoggerContext lc = (LoggerContext) LogManager.getContext(false);
        Configuration config = lc.getConfiguration();
        AbstractAppender capture = new AbstractAppender("getty-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder sb = new StringBuilder(event.getLoggerName()).append(' ').append(event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    StringWriter sw = new StringWriter();
                    event.getThrown().printStackTrace(new PrintWriter(sw));
                    sb.append(sw);
                }
                lines.add(sb.toString());
            }
        };
        capture.start();
        LoggerConfig root = config.getRootLogger();
        Level oldLevel = root.getLevel();
        root.addAppender(capture, Level.ALL, null);
        root.setLevel(Level.DEBUG);
        lc.updateLoggers();
        String token;
        List<String> errors = new ArrayList<>();
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            CamelContext ctx = GettyTestSupport.context(sandbox, Database.inMemory("secrets"), c -> { }, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:license").to("getty:license?download=true").to("log:licensed?showHeaders=true");
                    from("direct:search").to("getty:search?phrase=dog").to("log:searched?showHeaders=true");
                    from("direct:bad").to("getty:license?download=false");
                }
            });
            try {
                var pt = ctx.createProducerTemplate();
                Exchange lic = pt.request("direct:license", e -> e.getMessage().setBody(sandbox.catalogImageIds().get(5)));
                assertEquals(null, lic.getException());
                sandbox.revokeAllTokens();
                pt.requestBody("direct:search", (Object) null);
                Exchange bad = pt.request("direct:bad", e -> e.getMessage().setBody("000000"));
                errors.add(String.valueOf(bad.getException()));
                token = ((GettyComponent) ctx.getComponent("getty")).client().tokens().token();
                ctx.getEndpoints().forEach(ep -> errors.add(ep.getEndpointUri()));
            } finally {
                ctx.close();
            }
            // wrong secret: the token error must not echo the form that was sent
            CamelContext wrong = GettyTestSupport.context(sandbox, null, c -> {
                c.getConfiguration().setClientSecret("wrong-secret-value");
                c.getConfiguration().setClientId("other-client");
            }, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:search").to("getty:search?phrase=dog");
                }
            });
            try {
                Exchange ex = wrong.createProducerTemplate().request("direct:search", e -> { });
                assertTrue(ex.getException() instanceof GettyApiException, String.valueOf(ex.getException()));
                errors.add(ex.getException().getMessage());
            } finally {
                wrong.close();
            }
        } finally {
            root.removeAppender("getty-capture");
            root.setLevel(oldLevel);
            lc.updateLoggers();
            capture.stop();
        }
        List<String> all = new ArrayList<>(lines);
        all.addAll(errors);
        assertTrue(all.size() > 20, "captured too little to be meaningful: " + all.size());
        assertTrue(all.stream().anyMatch(l -> l.contains("Licensed images")), "license log line expected");
        for (String secret : List.of(GettyTestSupport.CLIENT_SECRET, GettyTestSupport.PASSWORD, GettyTestSupport.API_KEY,
                "wrong-secret-value", token)) {
            for (String l : all) {
                assertFalse(l.contains(secret), "secret leaked into: " + l);
            }
        }
        for (String l : all) {
            assertFalse(l.contains("&s=") || l.contains("?e="), "signed download URI leaked into: " + l);
        }
    }
}
