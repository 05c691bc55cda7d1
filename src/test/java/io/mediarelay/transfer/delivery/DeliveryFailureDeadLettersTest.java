package io.mediarelay.transfer.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.RefusingPort;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.deadletter.DeadLetterStore;
import org.apache.camel.builder.RouteBuilder;
import org.apache.ftpserver.FtpServer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sink failure kind, through the runtime's real error path (route configuration mediarelay-errors, the
 * ftp-delivery-sink kamelet, the dead-letter store): the dead letter and its log line name the flow, the step and the
 * destination (scheme://user@host:port/dir), say what the server said, are classified by the failure policy, and never
 * carry the password. Real servers: Apache FtpServer (plain, read-only, FTPS) and MINA SSHD.
 */
class DeliveryFailureDeadLettersTest {
    static final String SECRET = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

    @TempDir
    Path data;

    record Kind(String name, String protocol, int port, String password, String kind, String says) {
    }

    @Test
    void everyFailureKindNamesFlowStepAndDestinationInTheLetterAndTheLog() throws Exception {
        int[] p = new int[1];
        FtpServer plain = TestServers.ftp(data.resolve("plain"), false, false, p);
        int plainPort = p[0];
        FtpServer readOnly = TestServers.ftpServer(data.resolve("ro"), false, false, p);
        int readOnlyPort = p[0];
        FtpServer tls = TestServers.ftp(data.resolve("tls"), true, false, p);
        int tlsPort = p[0];
        Path knownHosts = data.resolve("known_hosts");
        SshServer sshd = TestServers.sftp(data.resolve("sftp/home"), knownHosts);
        RefusingPort ftpDown = new RefusingPort();
        RefusingPort sftpDown = new RefusingPort();
        List<Kind> kinds = List.of(
                new Kind("ftp-refused", "ftp", ftpDown.port(), TestServers.PASSWORD, "TRANSIENT", "ConnectException"),
                new Kind("ftp-login", "ftp", plainPort, SECRET, "PERMANENT", "530"),
                new Kind("ftp-stor", "ftp", readOnlyPort, TestServers.PASSWORD, "PERMANENT", "550"),
                new Kind("ftps-pkix", "ftps", tlsPort, TestServers.PASSWORD, "PERMANENT", "PKIX"),
                new Kind("sftp-refused", "sftp", sftpDown.port(), TestServers.PASSWORD, "TRANSIENT", "Connection refused"),
                new Kind("sftp-login", "sftp", sshd.getPort(), SECRET, "PERMANENT", "Auth fail"));
        Properties o = TestRuntimes.overrides(data.resolve("rt"));
        o.setProperty("mediarelay.errors.maximum-redeliveries", "0");
        for (Kind k : kinds) {
            String d = "mediarelay.destinations." + k.name() + ".";
            o.setProperty(d + "protocol", k.protocol());
            o.setProperty(d + "host", "127.0.0.1");
            o.setProperty(d + "port", String.valueOf(k.port()));
            o.setProperty(d + "username", TestServers.USER);
            o.setProperty(d + "password", k.password());
            o.setProperty(d + "directory", "partner/in");
            o.setProperty(d + "connect-timeout-ms", "3000");
            o.setProperty(d + "known-hosts", knownHosts.toString());
        }
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        LoggerContext lc = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender("dead-letter-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        LoggerConfig root = lc.getConfiguration().getRootLogger();
        root.addAppender(capture, Level.WARN, null);
        lc.updateLoggers();
        try (MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(o)).start()) {
            rt.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (Kind k : kinds) {
                        from("direct:" + k.name()).routeId("kinds-" + k.name()).routeConfigurationId("mediarelay-errors")
                                .setHeader("CamelFileName", constant("photo.jpg"))
                                .setBody(constant("bytes of photo.jpg"))
                                .to("kamelet:ftp-delivery-sink?destination=" + k.name()).id("kinds-" + k.name() + "-upload");
                    }
                }
            });
            for (Kind k : kinds) { // the runtime's route controller does not auto-start routes added afterwards
                rt.context().getRouteController().startRoute("kinds-" + k.name());
            }
            DeadLetterStore store = new DeadLetterStore(rt.dataSource(), data.resolve("dl"));
            for (Kind k : kinds) {
                rt.context().createProducerTemplate().sendBody("direct:" + k.name(), null);
                String flow = "kinds-" + k.name();
                DeadLetterStore.DeadLetter letter = await().atMost(Duration.ofSeconds(30)).until(
                        () -> store.list().stream().filter(l -> l.routeId().equals(flow)).findFirst().orElse(null), l -> l != null);
                String where = k.protocol() + "://partner@127.0.0.1:" + k.port() + "/partner/in";
                assertEquals(where, letter.destination(), k.name());
                assertEquals(k.kind(), letter.failureKind(), k.name() + ": " + letter.reason());
                assertTrue(letter.reason().contains(where) && letter.reason().contains(k.says()), k.name() + ": " + letter.reason());
                assertTrue(letter.step().contains("kamelet:ftp-delivery-sink"), k.name() + ": " + letter.step());
                String line = lines.stream().filter(l -> l.contains("#" + letter.id() + " ") || l.contains("#" + letter.id() + ",")).findFirst().orElse("");
                assertTrue(line.contains("flow " + flow + ", step ") && line.contains("destination " + where) && line.contains(k.says()),
                        k.name() + " log line: " + line);
            }
            assertFalse(lines.stream().anyMatch(l -> l.contains(SECRET)), "never the password in a log line");
            assertFalse(store.list().stream().anyMatch(l -> (l.reason() + l.step() + l.destination() + l.fromEndpoint()).contains(SECRET)),
                    "never the password in a dead letter");
        } finally {
            root.removeAppender("dead-letter-capture");
            lc.updateLoggers();
            capture.stop();
            plain.stop();
            readOnly.stop();
            tls.stop();
            sshd.stop(true);
            ftpDown.close();
            sftpDown.close();
        }
    }
}
