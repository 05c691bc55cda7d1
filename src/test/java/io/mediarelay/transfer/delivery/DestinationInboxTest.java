package io.mediarelay.transfer.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.ftpserver.FtpServer;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inboxes read from a named destination ({@code destination:<name>/<sub>?...}): FTPS with a private CA trust store
 * and SFTP with known hosts work from {@code mediarelay.destinations.<name>.*} alone; the flow's own options win.
 */
class DestinationInboxTest {
    @TempDir
    Path tmp;

    static Properties destination(String protocol, int port, String dir) {
        Properties p = new Properties();
        p.setProperty("mediarelay.destinations.partner.protocol", protocol);
        p.setProperty("mediarelay.destinations.partner.host", "127.0.0.1");
        p.setProperty("mediarelay.destinations.partner.port", String.valueOf(port));
        p.setProperty("mediarelay.destinations.partner.directory", dir);
        p.setProperty("mediarelay.destinations.partner.username", TestServers.USER);
        p.setProperty("mediarelay.destinations.partner.password", TestServers.PASSWORD);
        return p;
    }

    /** Runs a route from destination:partner/inbox, drops a file in, returns the names it read. */
    static List<String> read(Properties props, Path inbox) throws Exception {
        List<String> names = new CopyOnWriteArrayList<>();
        try (CamelContext ctx = new DefaultCamelContext()) {
            ctx.getPropertiesComponent().setInitialProperties(props);
            ctx.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("destination:partner/inbox?delay=100&move=.done&readLock=none").routeId("inbox")
                            .process(e -> names.add(e.getIn().getHeader("CamelFileName", String.class)));
                }
            });
            ctx.start();
            Files.createDirectories(inbox);
            Files.writeString(inbox.resolve("batch.csv"), "id\n1\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> !names.isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve(".done/batch.csv")));
            Endpoint from = ctx.getRoute("inbox").getEndpoint();
            assertTrue(from.getEndpointUri().startsWith(props.getProperty("mediarelay.destinations.partner.protocol") + "://127.0.0.1:"),
                    from.getEndpointUri());
            assertTrue(!from.toString().contains(TestServers.PASSWORD), "no secret where Camel prints the endpoint: " + from);
        }
        return names;
    }

    @Test
    void ftpsInboxTrustsThePrivateCaOfItsDestination() throws Exception {
        Path root = tmp.resolve("ftps");
        int[] port = new int[1];
        FtpServer server = TestServers.ftpServer(root, true, true, port);
        try {
            Properties p = destination("ftps", port[0], "partner-x");
            p.setProperty("mediarelay.destinations.partner.trust-store", TestServers.trustStore().toString());
            p.setProperty("mediarelay.destinations.partner.trust-store-password", TestServers.TRUST_STORE_PASSWORD);
            assertEquals(List.of("batch.csv"), read(p, root.resolve("partner-x/inbox")));
        } finally {
            server.stop();
        }
    }

    @Test
    void sftpInboxChecksTheHostKeyFromItsDestination() throws Exception {
        Path root = tmp.resolve("home");
        Path knownHosts = tmp.resolve("known_hosts");
        SshServer sshd = TestServers.sftp(root, knownHosts);
        try {
            Properties p = destination("sftp", sshd.getPort(), "partner-y");
            p.setProperty("mediarelay.destinations.partner.known-hosts", knownHosts.toString());
            assertEquals(List.of("batch.csv"), read(p, root.resolve("partner-y/inbox")));
        } finally {
            sshd.stop(true);
        }
    }

    @Test
    void aSwitchedOffInboxNeedsNoDestinationSettingsAnUnknownOneIsNamed() throws Exception {
        try (CamelContext ctx = new DefaultCamelContext()) {
            ctx.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("destination:unset/inbox?startScheduler=false").routeId("off").log("never");
                }
            });
            ctx.start();
            assertTrue(ctx.getRouteController().getRouteStatus("off").isStarted());
        }
        try (CamelContext ctx = new DefaultCamelContext()) {
            ctx.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("destination:unset/inbox").routeId("on").log("never");
                }
            });
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, ctx::start);
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause.getMessage().contains("mediarelay.destinations.unset.host is not set"), cause.toString());
        }
    }
}
