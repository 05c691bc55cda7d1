package io.mediarelay.transfer.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mediarelay.runtime.deadletter.FailureClassifier;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockftpserver.core.command.Command;
import org.mockftpserver.core.command.CommandHandler;
import org.mockftpserver.core.command.CommandNames;
import org.mockftpserver.core.command.StaticReplyCommandHandler;
import org.mockftpserver.core.session.Session;
import org.mockftpserver.stub.StubFtpServer;
import org.mockftpserver.stub.command.AbstractStorCommandHandler;
import org.mockftpserver.stub.command.StorCommandHandler;

/**
 * The delivery sink (ftp-delivery-sink's processor, {@link FtpDeliverySink} over {@link VerifiedDelivery}) against a
 * scripted FTP server (MockFtpServer's StubFtpServer) giving the replies a real server rarely gives. For each: the
 * failure is an exception naming the destination (never the password), classified as docs/ARCHITECTURE.md "Failure
 * policy" says, nothing is published under the final name, and the next attempt against a well-behaved server
 * delivers the file exactly once (nothing lost, nothing duplicated).
 */
class ScriptedFtpRepliesTest {
    static final String PASSWORD = "s3cret-pw";
    static final String TEMP = "out/photo.jpg.mediarelay.part";
    static final String FINAL = "out/photo.jpg";

    @TempDir
    Path tmp;
    StubFtpServer server;
    FtpDeliverySink sink;
    DefaultCamelContext context;
    /** Every command the server received, in order ("STOR out/photo.jpg.mediarelay.part"). */
    final List<String> commands = new ArrayList<>();
    /** The bytes of every completed STOR. */
    final List<byte[]> stored = Collections.synchronizedList(new ArrayList<>());
    /** The stub's own handlers (they carry its reply texts), wrapped by {@link #logged}. */
    final Map<String, CommandHandler> defaults = new HashMap<>();
    /** Holds a scripted pause; released at the end so no server thread outlives the test. */
    final CountDownLatch release = new CountDownLatch(1);
    byte[] payload;
    Path file;

    @BeforeEach
    void start() throws Exception {
        payload = new byte[1024 * 1024];
        new Random(7).nextBytes(payload);
        file = tmp.resolve("photo.jpg");
        Files.write(file, payload);
        server = new StubFtpServer();
        server.setServerControlPort(0);
        for (String name : List.of(CommandNames.RNFR, CommandNames.RNTO, CommandNames.DELE, CommandNames.MKD)) {
            defaults.put(name, server.getCommandHandler(name));
        }
        wellBehaved();
        server.start();
        sink = new FtpDeliverySink();
        context = new DefaultCamelContext();
        Map.of("host", "127.0.0.1", "port", String.valueOf(server.getServerControlPort()), "username", "partner",
                        "password", PASSWORD, "directory", "out", "connect-timeout-ms", "2000", "so-timeout-ms", "2000",
                        "data-timeout-ms", "3000")
                .forEach((k, v) -> context.getPropertiesComponent().addInitialProperty(Destinations.PREFIX + "scripted." + k, v));
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        sink.close();
        context.close();
        server.stop();
    }

    /** What a correct server answers: STOR stores, SIZE tells the size of what was stored, renames succeed. */
    void wellBehaved() {
        StorCommandHandler stor = new StorCommandHandler();
        server.setCommandHandler(CommandNames.STOR, stor);
        logged(CommandNames.STOR, (c, s) -> {
            stor.handleCommand(c, s);
            stored.add((byte[]) stor.getInvocation(stor.numberOfInvocations() - 1).getObject(AbstractStorCommandHandler.FILE_CONTENTS_KEY));
        });
        logged(CommandNames.SIZE, (c, s) -> s.sendReply(213, String.valueOf(stored.isEmpty() ? -1 : stored.get(stored.size() - 1).length)));
        for (String name : List.of(CommandNames.RNFR, CommandNames.RNTO, CommandNames.DELE, CommandNames.MKD)) {
            logged(name, defaults.get(name));
        }
    }

    /** Replaces a command's handler by one that records the command first. */
    void logged(String name, CommandHandler handler) {
        server.setCommandHandler(name, (c, s) -> {
            synchronized (commands) {
                commands.add(c.getName() + (c.getParameters().length == 0 ? "" : " " + c.getParameter(0)));
            }
            handler.handleCommand(c, s);
        });
    }

    List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    Exchange exchange() {
        Exchange e = new DefaultExchange(context);
        e.setProperty(DeliveryTarget.DESTINATION, "scripted");
        e.getIn().setHeader(Exchange.FILE_NAME, "photo.jpg");
        e.getIn().setBody(file.toFile());
        return e;
    }

    /** The scripted failure: an exception naming the destination, never the password, classified as expected. */
    IOException failsAs(FailureClassifier.Kind kind, String... inMessage) {
        IOException e = assertThrows(IOException.class, () -> sink.process(exchange()));
        String msg = e.getMessage();
        assertTrue(msg.contains("ftp://partner@127.0.0.1:" + server.getServerControlPort() + "/out"), msg);
        assertFalse(msg.contains(PASSWORD), "never the password: " + msg);
        for (String s : inMessage) {
            assertTrue(msg.contains(s), "'" + s + "' in: " + msg);
        }
        assertEquals(kind, FailureClassifier.classify(e), msg);
        return e;
    }

    void neverRenamed() {
        assertFalse(commands().stream().anyMatch(c -> c.startsWith("RNTO")), "nothing published under the final name: " + commands());
    }

    /** After the failure the server behaves again: the next attempt delivers the whole file, once. */
    void nextAttemptDeliversOnce() throws Exception {
        wellBehaved();
        synchronized (commands) {
            commands.clear(); // a refused attempt may have sent RNTO (refused); count what this attempt sends
        }
        Exchange e = exchange();
        sink.process(e);
        assertEquals(FINAL, e.getIn().getHeader("MediarelayRemotePath"));
        assertEquals(1, commands().stream().filter(c -> c.equals("RNTO " + FINAL)).count(), commands().toString());
        assertArrayEquals(payload, stored.get(stored.size() - 1), "the whole file, byte for byte");
    }

    @Test
    void closingTheConnectionWith421MidTransferIsTransientAndNothingIsPublished() throws Exception {
        // 150, take the first 64 KB, then "421" and hang up: control and data connection gone mid-file
        logged(CommandNames.STOR, (c, s) -> {
            s.sendReply(150, "Opening data connection");
            s.openDataConnection();
            s.readData(64 * 1024);
            s.sendReply(421, "Service not available, closing control connection");
            s.closeDataConnection();
            s.close();
        });
        failsAs(FailureClassifier.Kind.TRANSIENT);
        neverRenamed();
        nextAttemptDeliversOnce();
    }

    @Test
    void storRefusedWith452IsTransientAndTheTempFileIsRemoved() throws Exception {
        logged(CommandNames.STOR, new StaticReplyCommandHandler(452, "Insufficient storage space"));
        failsAs(FailureClassifier.Kind.TRANSIENT, "STOR " + TEMP, "452 Insufficient storage space");
        neverRenamed();
        assertTrue(commands().contains("DELE " + TEMP), "the temp name is cleaned up: " + commands());
        nextAttemptDeliversOnce();
    }

    @Test
    void renameRefusedWith550IsPermanentAndNeverDeletesWhatIsUnderTheFinalName() throws Exception {
        logged(CommandNames.RNTO, new StaticReplyCommandHandler(550, "Permission denied"));
        failsAs(FailureClassifier.Kind.PERMANENT, "rename", "550 Permission denied");
        // a refused rename must not cost the partner the file it already has under that name
        assertFalse(commands().contains("DELE " + FINAL), "the file under the final name is kept: " + commands());
        assertTrue(commands().contains("DELE " + TEMP), "the temp file is removed: " + commands());
        nextAttemptDeliversOnce();
    }

    @Test
    void aServerRefusingRntoOntoAnExistingFileGetsTheOldOneMovedAsideFirst() throws Exception {
        // the final name is taken until the old file moved away
        AtomicBoolean moved = new AtomicBoolean();
        logged(CommandNames.RNTO, (c, s) -> {
            if (c.getParameter(0).equals(FINAL + ".replaced")) {
                moved.set(true);
            }
            boolean refused = c.getParameter(0).equals(FINAL) && !moved.get();
            s.sendReply(refused ? 553 : 250, refused ? "File exists" : "Rename successful");
        });
        sink.process(exchange());
        assertEquals(List.of("RNTO " + FINAL, "RNTO " + FINAL, "RNTO " + FINAL + ".replaced", "RNTO " + FINAL, "DELE " + FINAL + ".replaced"),
                commands().stream().filter(c -> c.startsWith("RNTO") || c.startsWith("DELE")).toList());
    }

    @Test
    void aSizeThatLiesFailsVerificationAndNothingIsLeftUnderTheFinalName() throws Exception {
        logged(CommandNames.SIZE, (c, s) -> s.sendReply(213, String.valueOf(payload.length - 1)));
        failsAs(FailureClassifier.Kind.TRANSIENT, "not verified", "server has " + (payload.length - 1) + " bytes, sent " + payload.length);
        neverRenamed();
        assertEquals("DELE " + TEMP, commands().get(commands().size() - 1), "the unverified upload is deleted: " + commands());
        nextAttemptDeliversOnce();
    }

    @Test
    void aTenSecondPauseBetweenRepliesTimesOutBoundedAndIsTransient() throws Exception {
        // the server goes quiet for 10 s before answering SIZE; the control socket timeout (2 s here) must end the wait
        logged(CommandNames.SIZE, (c, s) -> {
            release.await(10, TimeUnit.SECONDS);
            s.sendReply(213, String.valueOf(payload.length));
        });
        long t0 = System.nanoTime();
        failsAs(FailureClassifier.Kind.TRANSIENT, "SocketTimeoutException");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 4_000, "bounded by the timeout, not the server's pause: " + ms + " ms");
        neverRenamed();
        release.countDown();
        nextAttemptDeliversOnce();
    }
}
