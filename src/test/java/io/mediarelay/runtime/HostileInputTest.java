package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.runtime.cli.MediarelayCli;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.EmbeddedFtpServer;
import io.mediarelay.transfer.delivery.DeliveryTarget;
import io.mediarelay.transfer.delivery.VerifiedDelivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #10 "Done when": every item of {@code src/test/resources/hostile/manifest.json} goes through the real entry
 * point it targets - the drop folder (local inbox -> embedded FTP), the verified FTP delivery (names that cannot
 * exist on disk), GF4's FTP usage-log inbox, {@code mediarelay validate}, the XML/XMP parsers, {@code /api/v1} and the
 * admin API - and must end in a clear error or a safe result, with nothing lost (delivered, or in .error /
 * .quarantine with a report or reason). After all of them: health is UP, no command the FTP server received and no
 * log line carries a raw control character.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    static final Path CORPUS = TestRuntimes.PROJECT.resolve("src/test/resources/hostile");
    static final Duration FILED = Duration.ofSeconds(30);

    Path data;
    MediarelayRuntime runtime;
    LogCapture logs;
    EmbeddedFtpServer ftp;
    VerifiedDelivery delivery;

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("hostile");
        logs = new LogCapture();
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.gf4.enabled", "true");
        p.setProperty("mediarelay.gf4.poll-delay-ms", "200");
        runtime = new MediarelayRuntime(TestRuntimes.config(p)).start();
        ftp = runtime.embedded().find(EmbeddedFtpServer.class).orElseThrow();
        delivery = new VerifiedDelivery();
    }

    @AfterAll
    void stopAndCheckNothingLeaked() throws Exception {
        try {
            String health = "http://127.0.0.1:" + runtime.config().getInt("camel.management.port", 0) + "/observe/health";
            // the runtime stays up: alive and ready, every route and listener UP. The "flows" check alone may be DOWN:
            // it reports recent dead letters by design (issue #12), and refused hostile items are such letters
            assertEquals(200, TestRuntimes.get(health + "/live", null).statusCode(), "liveness");
            assertEquals(200, TestRuntimes.get(health + "/ready", null).statusCode(), "readiness");
            HttpResponse<String> h = TestRuntimes.get(health, null);
            java.util.regex.Matcher down = java.util.regex.Pattern
                    .compile("\\{\"name\":\"([^\"]+)\",\"status\":\"DOWN\"").matcher(h.body());
            while (down.find()) {
                assertEquals("flows", down.group(1), "a check other than the dead-letter report is DOWN: " + h.body());
            }
            for (String c : ftp.recentCommands()) {
                assertTrue(c.codePoints().noneMatch(Character::isISOControl), "raw control character in FTP command: " + c);
                assertFalse(c.startsWith("DELE victim") || c.startsWith("RNFR victim"), "forged FTP command: " + c);
            }
            for (String line : logs.text().split("\n", -1)) {
                assertTrue(line.chars().noneMatch(ch -> ch < 0x20 && ch != '\t'), "raw control character in a log line: " + line);
                assertFalse(line.startsWith("DELE victim") || line.startsWith("X-Injected"), "forged log line: " + line);
            }
        } finally {
            delivery.close();
            runtime.close();
            logs.close();
        }
    }

    static Stream<Arguments> items() throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(CORPUS.resolve("manifest.json").toFile());
        List<Arguments> out = new ArrayList<>();
        manifest.get("items").forEach(i -> out.add(Arguments.of(i.get("id").asText(), i)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("items")
    void hostileItemGetsAClearErrorOrASafeResult(String id, JsonNode item) throws Exception {
        switch (item.get("entry").asText()) {
            case "dropfolder-name" -> dropFolder(item.get("name").asText(), ("hostile " + id).getBytes(StandardCharsets.UTF_8), false);
            case "dropfolder-file" -> {
                Path src = CORPUS.resolve(item.get("file").asText());
                dropFolder(id + "-" + src.getFileName(), Files.readAllBytes(src), Files.size(src) == 0);
            }
            case "dropfolder-sparse" -> dropSparse(id + ".bin", item.get("sizeBytes").asLong());
            case "delivery-name" -> deliverName(item.get("name").asText());
            case "gf4" -> usageLog(id, CORPUS.resolve(item.get("file").asText()));
            case "validate" -> validate(CORPUS.resolve(item.get("file").asText()));
            case "xml" -> xml(CORPUS.resolve(item.get("file").asText()));
            case "api" -> api(Files.readString(CORPUS.resolve(item.get("file").asText())));
            case "admin" -> admin(item.get("path").asText());
            default -> throw new IllegalStateException("unknown entry " + item.get("entry"));
        }
    }

    /** Delivered under a safe name (recorded, on the FTP server, source in .done) or refused with a reason in .error. */
    private void dropFolder(String name, byte[] content, boolean mustBeRefused) throws Exception {
        Path inbox = data.resolve("inbox");
        Files.createDirectories(inbox);
        Path staged = data.resolve("staged.tmp");
        Files.write(staged, content);
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        filedWithin(inbox, name);
        if (Files.exists(inbox.resolve(".error").resolve(name))) {
            assertTrue(Files.list(inbox.resolve(".error")).anyMatch(p -> p.getFileName().toString().endsWith(".reason.txt")),
                    "refused without a reason file");
            return;
        }
        assertFalse(mustBeRefused, name + " should have been refused");
        String sha = io.mediarelay.transfer.Sha256Action.of(inbox.resolve(".done").resolve(name));
        DeliveryRecorder.Delivery row = new DeliveryRecorder(runtime.dataSource(), null).all().stream()
                .filter(d -> sha.equals(d.sha256()) && "DELIVERED".equals(d.outcome())).findFirst().orElse(null);
        assertNotNull(row, "in .done but no delivery recorded");
        assertSafeRemote(row.remotePath());
        assertTrue(Files.exists(ftp.root().resolve(row.remotePath())), "recorded path exists on the server: " + row.remotePath());
    }

    private void dropSparse(String name, long size) throws Exception {
        Path staged = data.resolve("sparse.tmp");
        try (RandomAccessFile f = new RandomAccessFile(staged.toFile(), "rw")) {
            f.setLength(size); // holes: no disk blocks, still 64 MiB to read and send
            f.seek(size - 1);
            f.write(1);
        }
        Path inbox = data.resolve("inbox");
        Files.createDirectories(inbox);
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        filedWithin(inbox, name);
    }

    /** Names that cannot exist on disk, straight into the verified FTP delivery (the ftp-delivery-sink's step). */
    private void deliverName(String name) throws Exception {
        DeliveryTarget t = new DeliveryTarget("ftp", "127.0.0.1", ftp.port(), runtime.config().get("mediarelay.embedded.ftp.user"),
                runtime.config().get("mediarelay.embedded.ftp.password"), "hostile-delivery", 5000, 10000, 10000,
                null, null, null, null, false, 1);
        try {
            VerifiedDelivery.Result r = delivery.deliver(t, name, null, new ByteArrayInputStream("x".getBytes()), null, null);
            assertSafeRemote(r.remotePath());
            assertTrue(r.remotePath().startsWith("hostile-delivery/"), "stays in the target directory: " + r.remotePath());
            assertTrue(Files.exists(ftp.root().resolve(r.remotePath())), r.remotePath());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("empty") || e.getMessage().contains("nothing usable"), e.getMessage());
            assertTrue(e.getMessage().codePoints().noneMatch(Character::isISOControl), "error message escaped: " + e.getMessage());
        }
    }

    /** GF4 FTP inbox: recorded (.done + report), quarantined (.quarantine + report) or refused (.error + reason). */
    private void usageLog(String id, Path src) throws Exception {
        Path inbox = ftp.root().resolve("gf4-usage/inbox");
        Files.createDirectories(inbox);
        String name = id + src.getFileName().toString().substring(src.getFileName().toString().lastIndexOf('.'));
        Path tmp = inbox.resolve(name + ".tmp");
        Files.copy(src, tmp);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(FILED).until(() -> !Files.exists(inbox.resolve(name)) && (Files.exists(inbox.resolve(".done").resolve(name))
                || Files.exists(inbox.resolve(".quarantine").resolve(name)) || Files.exists(inbox.resolve(".error").resolve(name))));
        if (Files.exists(inbox.resolve(".error").resolve(name))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(inbox.resolve(".error").resolve(name + ".reason.txt")));
        } else {
            Path report = ftp.root().resolve("gf4-usage/reports/" + name + ".compliance.csv");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(report));
        }
    }

    /** `mediarelay validate FILE`: non-zero exit, the file and a line named, no stack trace, no raw control chars, fast. */
    private void validate(Path file) {
        String[] out = new String[2];
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            try {
                return MediarelayCli.execute("validate", "--config", TestRuntimes.PROJECT.resolve("config").toString(),
                        "--set", "mediarelay.routes-dir=" + TestRuntimes.PROJECT.resolve("routes"), file.toString());
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
                out[0] = o.toString(StandardCharsets.UTF_8);
                out[1] = e.toString(StandardCharsets.UTF_8);
            }
        });
        String all = out[0] + out[1];
        assertTrue(exit != 0, "refused: " + all);
        assertTrue(all.contains(file.getFileName().toString()), "names the file: " + all);
        assertFalse(all.contains("\tat "), "no stack trace: " + all);
        assertTrue(all.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t'), "no raw control characters: " + all);
    }

    /** PF2's XML sidecar reader and PF5's XML batch parser: no DTD, no external entity, no expansion. */
    private void xml(Path file) throws Exception {
        String text = Files.readString(file);
        String secret = Files.exists(Path.of("/etc/passwd")) ? "root:" : "\u0000never";
        Object batch = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                return io.mediarelay.photoshelter.flows.MetadataBatch.parse(file.getFileName().toString(), text, ',');
            } catch (RuntimeException e) {
                return e;
            }
        });
        String shown = String.valueOf(batch);
        assertFalse(shown.contains(secret) || shown.contains("lollollol") || shown.contains("aaaaaaaaaaaaaaaaaaaa"),
                "entity resolved or expanded by the PF5 parser: " + shown.substring(0, Math.min(300, shown.length())));
        Class<?> sidecar = Class.forName("io.mediarelay.photoshelter.intake.XmlSidecar");
        Method read = sidecar.getDeclaredMethod("read", Path.class, String.class, List.class);
        read.setAccessible(true);
        List<Object> problems = new ArrayList<>();
        Object fields = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> read.invoke(null, file, file.getFileName().toString(), problems));
        String result = fields + " " + problems;
        assertFalse(result.contains(secret) || result.contains("lollollol") || result.contains("aaaaaaaaaaaaaaaaaaaa"),
                "entity resolved or expanded by the PF2 sidecar reader: " + result.substring(0, Math.min(300, result.length())));
        if (text.contains("<!DOCTYPE") || text.contains("unclosed") || text.contains("half")) {
            assertTrue(fields == null && !problems.isEmpty(), "refused with a problem: " + result);
        }
    }

    private void api(String body) throws Exception {
        int port = runtime.config().getInt("camel.server.port", 0);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/license-requests"))
                .timeout(Duration.ofSeconds(30)).header("X-Api-Key", runtime.config().get("mediarelay.api.clients.portal.key"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, "clear 4xx, got " + r.statusCode() + ": " + r.body());
        assertTrue(r.body().chars().noneMatch(c -> c < 0x20 && c != '\n'), "no raw control characters in the answer: " + r.body());
        assertTrue(r.headers().map().keySet().stream().noneMatch(k -> k.equalsIgnoreCase("X-Injected")), "header injected");
    }

    private void admin(String path) throws Exception {
        int port = runtime.config().getInt("camel.server.port", 0);
        HttpResponse<String> r = TestRuntimes.post("http://127.0.0.1:" + port + path, runtime.config().get("mediarelay.admin.token"));
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, "clear 4xx, got " + r.statusCode() + ": " + r.body());
        assertTrue(r.headers().map().keySet().stream().noneMatch(k -> k.equalsIgnoreCase("X-Injected")), "header injected");
    }

    private static void filedWithin(Path inbox, String name) {
        await().atMost(FILED).until(() -> !Files.exists(inbox.resolve(name))
                && (Files.exists(inbox.resolve(".done").resolve(name)) || Files.exists(inbox.resolve(".error").resolve(name))));
    }

    private static void assertSafeRemote(String remote) {
        assertTrue(remote.codePoints().noneMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                || cp == 0x2028 || cp == 0x2029), "control/invisible char in remote name: " + remote);
        for (String seg : remote.split("/")) {
            assertFalse(seg.isEmpty() || seg.equals("..") || seg.startsWith(".") || seg.startsWith("-"), "unsafe segment in " + remote);
            assertTrue(seg.getBytes(StandardCharsets.UTF_8).length <= 250, "segment too long: " + remote);
        }
    }

}
