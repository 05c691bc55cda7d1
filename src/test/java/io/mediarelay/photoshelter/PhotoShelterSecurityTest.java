package io.mediarelay.photoshelter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain http only to loopback; API key, password and session token never in logs, errors or endpoint URIs. */
class PhotoShelterSecurityTest {

    @TempDir
    Path dir;

    private static RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:gallery").to("photoshelter:gallery").to("log:ps-gallery?showAll=true");
                from("direct:upload").to("photoshelter:upload?galleryName=Secure").to("log:ps-upload?showAll=true");
            }
        };
    }

    @Test
    void plainHttpToAPublicHostIsRefusedBeforeAnyCredentialIsSent() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir)) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> c.getConfiguration().setBaseUrl("http://www.photoshelter.example"), routes());
            try {
                Exchange ex = ctx.createProducerTemplate().request("direct:gallery", e -> e.getMessage().setHeader(PhotoShelterConstants.NAME, "x"));
                assertTrue(ex.getException() instanceof IllegalArgumentException, String.valueOf(ex.getException()));
                assertTrue(ex.getException().getMessage().contains("Refusing PhotoShelter API call"), ex.getException().getMessage());
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void secretsNeverAppearInLogsOrErrors() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        LoggerContext lc = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender("ps-capture", null, null, true, Property.EMPTY_ARRAY) {
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
        LoggerConfig root = lc.getConfiguration().getRootLogger();
        Level oldLevel = root.getLevel();
        root.addAppender(capture, Level.ALL, null);
        root.setLevel(Level.DEBUG);
        lc.updateLoggers();
        List<String> other = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir, c -> c.errorRatio(0.3))) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> { }, routes());
            try {
                var pt = ctx.createProducerTemplate();
                for (int i = 0; i < 5; i++) {
                    assertNull(pt.request("direct:upload", e -> e.getMessage().setBody(new byte[100])).getException());
                }
                tokens.add(PhotoShelterTestSupport.component(ctx).client().session().token());
                sandbox.revokeSessions();
                assertNull(pt.request("direct:gallery", e -> e.getMessage().setHeader(PhotoShelterConstants.NAME, "After revoke")).getException());
                tokens.add(PhotoShelterTestSupport.component(ctx).client().session().token());
                ctx.getEndpoints().forEach(ep -> other.add(ep.getEndpointUri()));
                other.add(PhotoShelterTestSupport.component(ctx).getConfiguration().toString());
            } finally {
                ctx.close();
            }
            CamelContext wrong = PhotoShelterTestSupport.context(sandbox, null, c -> c.getConfiguration().setPassword("wrong-sandbox-password-value"), routes());
            try {
                sandbox.setErrorRatio(0);
                Exchange ex = wrong.createProducerTemplate().request("direct:gallery", e -> e.getMessage().setHeader(PhotoShelterConstants.NAME, "x"));
                other.add(String.valueOf(ex.getException()));
            } finally {
                wrong.close();
            }
        } finally {
            root.removeAppender("ps-capture");
            root.setLevel(oldLevel);
            lc.updateLoggers();
            capture.stop();
        }
        List<String> all = new ArrayList<>(lines);
        all.addAll(other);
        assertTrue(all.size() > 20, "captured too little to be meaningful: " + all.size());
        assertTrue(all.stream().anyMatch(l -> l.contains("re-authenticating once")), "the re-auth path was exercised");
        assertTrue(all.stream().anyMatch(l -> l.contains("InvalidCredentialsException")), "the wrong-password error was captured");
        List<String> secrets = new ArrayList<>(List.of(PhotoShelterTestSupport.API_KEY, PhotoShelterTestSupport.PASSWORD, "wrong-sandbox-password-value"));
        secrets.addAll(tokens);
        for (String secret : secrets) {
            for (String l : all) {
                assertFalse(l.contains(secret), "secret leaked into: " + l);
            }
        }
    }
}
