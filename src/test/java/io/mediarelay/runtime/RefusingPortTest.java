package io.mediarelay.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The "destination is down" port of the outage tests: refused at once, and never handed to another listener while held. */
class RefusingPortTest {

    @Test
    void aHeldPortRefusesAtOnceAndNoOtherBindTakesIt() throws Exception {
        try (RefusingPort down = new RefusingPort()) {
            long t0 = System.nanoTime();
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", down.port()), 5000);
                }
            });
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused, not timed out");
            List<ServerSocket> others = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) { // what the embedded FTP server's passive data sockets do
                    ServerSocket s = new ServerSocket(0);
                    others.add(s);
                    assertNotEquals(down.port(), s.getLocalPort());
                }
                assertThrows(java.net.BindException.class, () -> new ServerSocket(down.port()).close(), "held");
            } finally {
                for (ServerSocket s : others) s.close();
            }
            down.close();
            try (ServerSocket server = new ServerSocket(down.port())) { // the server that comes back gets it
                assertEquals(down.port(), server.getLocalPort());
            }
        }
    }
}
