package io.mediarelay.transfer.delivery;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.ftpserver.FtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-license check against a real Apache FtpServer: what it proves, what it caches, what its errors say. */
class DestinationCheckTest {
    @TempDir
    Path tmp;

    static Destinations named(Map<String, String> props) {
        return new Destinations(k -> Optional.ofNullable(props.get(k)));
    }

    @Test
    void everySettingComesFromTheNamedDestination() {
        DeliveryTarget t = named(Map.of("mediarelay.destinations.p.protocol", "SFTP", "mediarelay.destinations.p.host", "h",
                "mediarelay.destinations.p.directory", "in/", "mediarelay.destinations.p.known-hosts", "/kh",
                "mediarelay.destinations.p.passive-mode", "false", "mediarelay.destinations.p.data-timeout-ms", "7",
                "mediarelay.ftp.connect-timeout-ms", "3")).target("p");
        assertEquals("sftp", t.protocol());
        assertEquals(22, t.port());
        assertEquals("in", t.directory());
        assertEquals("/kh", t.knownHosts());
        assertFalse(t.passiveMode());
        assertEquals(7, t.dataTimeoutMs());
        assertEquals(3, t.connectTimeoutMs(), "global default when the destination sets none");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> named(Map.of()).target("nope"));
        assertTrue(e.getMessage().contains("mediarelay.destinations.nope.host"), e.getMessage());
    }

    @Test
    void settingsUnderReplacedKeysAreRefusedNamingTheNewKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Destinations.refuseReplacedKeys(java.util.List.of("mediarelay.gf1.destination.trust-store")));
        assertTrue(e.getMessage().contains("set mediarelay.destinations.gf1-ftp.trust-store"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Destinations.refuseReplacedKeys(java.util.List.of("mediarelay.pf6.north.known-hosts")));
        assertTrue(e.getMessage().contains("mediarelay.destinations.pf6-north.known-hosts"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Destinations.refuseReplacedKeys(java.util.List.of("mediarelay.pf8.ftp.inbox")));
        assertTrue(e.getMessage().contains("mediarelay.destinations.pf8-inbox.directory"), e.getMessage());
        assertDoesNotThrow(() -> Destinations.refuseReplacedKeys(java.util.List.of("mediarelay.gf4.inbox-directory",
                "mediarelay.pf6.enabled", "mediarelay.pf1.destination.name", "mediarelay.pf1.host", "mediarelay.pf5.ftp.reports",
                "mediarelay.gf3.office-a.naming", "mediarelay.gf1.enabled")));
    }

    @Test
    void usableDestinationIsProbedOnceWithinTheTtlAndLeavesNothingBehind() throws Exception {
        Path root = tmp.resolve("home");
        int[] port = new int[1];
        FtpServer server = TestServers.ftpServer(root, false, true, port);
        AtomicLong now = new AtomicLong(1_000);
        DestinationCheck check = new DestinationCheck(now::get);
        DeliveryTarget t = TestServers.target("ftp", port[0], "drop/in", null, null, false);
        try {
            assertDoesNotThrow(() -> check.check(t, 60_000, 5_000));
            assertTrue(Files.isDirectory(root.resolve("drop/in")), "directory created");
            try (Stream<Path> files = Files.list(root.resolve("drop/in"))) {
                assertEquals(0, files.count(), "probe file deleted");
            }
        } finally {
            server.stop();
        }
        now.addAndGet(59_000);
        assertDoesNotThrow(() -> check.check(t, 60_000, 5_000), "cached: the server is not asked again within the TTL");
        now.addAndGet(2_000);
        assertThrows(DestinationUnavailableException.class, () -> check.check(t, 60_000, 5_000), "re-probed after the TTL");
    }

    @Test
    void wrongPasswordAndReadOnlyDirectoryAreNamedWithoutTheSecret() throws Exception {
        int[] port = new int[1];
        FtpServer readOnly = TestServers.ftpServer(tmp.resolve("ro"), false, false, port);
        try {
            DestinationCheck check = new DestinationCheck();
            String secret = "Wr0ng-secret-value";
            DeliveryTarget wrong = new DeliveryTarget("partner-x", "ftp", "127.0.0.1", port[0], TestServers.USER, secret,
                    "in", 5000, 5000, 5000, null, null, null, null, true, false, 1);
            DestinationUnavailableException e = assertThrows(DestinationUnavailableException.class, () -> check.check(wrong, 60_000, 0));
            assertTrue(e.getMessage().startsWith("destination partner-x (ftp://partner@127.0.0.1:" + port[0] + "/in) is not usable"), e.getMessage());
            assertTrue(e.getMessage().contains("530"), e.getMessage());
            assertFalse(e.getMessage().contains(secret), e.getMessage());

            DeliveryTarget ro = TestServers.target("ftp", port[0], "in", null, null, false);
            DestinationUnavailableException w = assertThrows(DestinationUnavailableException.class, () -> check.check(ro, 60_000, 0));
            assertTrue(w.getMessage().contains("not writable") && w.getMessage().contains("550"), w.getMessage());
        } finally {
            readOnly.stop();
        }
    }
}
