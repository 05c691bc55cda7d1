package io.mediarelay.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A local port where nobody listens and that nothing else can take until {@link #close()}: a socket bound to it but
 * not listening, so a connection is refused at once. A port from {@link TestRuntimes#freePort()} is only free when
 * asked; the embedded FTP server's passive data sockets (and any other bind to port 0) may take it later, and a client
 * connecting there waits its whole read timeout for a greeting that never comes (CI: "east is down" took > 60 s).
 * Close it right before starting the server that should answer on it.
 */
public final class RefusingPort implements AutoCloseable {
    private final Socket holder = new Socket();
    private final int port;

    public RefusingPort() {
        try {
            holder.setReuseAddress(false); // a listener with SO_REUSEADDR must not share the port while it is held
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = holder.getLocalPort();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            holder.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
