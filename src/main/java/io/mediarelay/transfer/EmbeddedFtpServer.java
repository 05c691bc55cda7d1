package io.mediarelay.transfer;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.apache.mina.transport.socket.SocketAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk-backed Apache FtpServer on 127.0.0.1: the FTP destination of the embedded default and of the tests.
 *
 * <p>Stock FtpServer never sets TCP_NODELAY on the control connection; Nagle plus delayed ACK then adds ~40 ms
 * per command round trip (about 20 files/s). {@link #enableTcpNoDelay} fixes that on the MINA acceptor.
 */
public final class EmbeddedFtpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFtpServer.class);

    private final int requestedPort;
    private final Path root;
    private final String passivePorts;
    private final List<String[]> users = new ArrayList<>();
    private final CommandLog commands = new CommandLog();
    private FtpServer server;
    private int port;

    public EmbeddedFtpServer(int port, Path root, String passivePorts) {
        this.requestedPort = port;
        this.root = root.toAbsolutePath().normalize();
        this.passivePorts = passivePorts;
    }

    /** Adds a user whose home is {@code root/home} (created if missing), with write permission. */
    public EmbeddedFtpServer user(String name, String password, String home) {
        users.add(new String[] {name, password, home});
        return this;
    }

    public synchronized EmbeddedFtpServer start() {
        if (server != null) {
            return this;
        }
        try {
            FtpServerFactory factory = new FtpServerFactory();
            ListenerFactory listener = new ListenerFactory();
            listener.setServerAddress("127.0.0.1");
            listener.setPort(requestedPort);
            listener.setIdleTimeout(300);
            DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
            data.setPassiveAddress("127.0.0.1");
            data.setPassiveExternalAddress("127.0.0.1");
            data.setPassivePorts(passivePorts);
            listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
            factory.addListener("default", listener.createListener());
            ConnectionConfigFactory connections = new ConnectionConfigFactory();
            connections.setMaxLogins(200);
            connections.setMaxThreads(64);
            connections.setAnonymousLoginEnabled(false);
            factory.setConnectionConfig(connections.createConnectionConfig());
            factory.setUserManager(userManager());
            factory.setFtplets(new java.util.LinkedHashMap<>(java.util.Map.of("command-log", commands)));
            server = factory.createServer();
            server.start();
            Listener started = ((DefaultFtpServer) server).getListener("default");
            port = started.getPort();
            enableTcpNoDelay(started);
            LOG.info("Embedded FTP server on 127.0.0.1:{} serving {}", port, root);
            return this;
        } catch (FtpException | RuntimeException e) {
            server = null;
            Throwable cause = e;
            while (cause != null && !(cause instanceof BindException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                throw new IllegalStateException("embedded FTP server cannot bind 127.0.0.1:" + requestedPort + ": port in use");
            }
            throw new IllegalStateException("embedded FTP server failed to start: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("embedded FTP server cannot create its root " + root + ": " + e.getMessage(), e);
        }
    }

    private UserManager userManager() throws FtpException, IOException {
        UserManager manager = new PropertiesUserManagerFactory().createUserManager();
        for (String[] u : users) {
            Path home = root.resolve(u[2]).normalize();
            Files.createDirectories(home);
            BaseUser user = new BaseUser();
            user.setName(u[0]);
            user.setPassword(u[1]);
            user.setHomeDirectory(home.toString());
            List<Authority> authorities = new ArrayList<>();
            authorities.add(new WritePermission());
            authorities.add(new ConcurrentLoginPermission(100, 100));
            user.setAuthorities(authorities);
            manager.save(user);
        }
        return manager;
    }

    /** Reflection because FtpServer keeps its MINA acceptor private and offers no option for TCP_NODELAY. */
    private static void enableTcpNoDelay(Listener listener) {
        if (Boolean.getBoolean("ftpserver.nagle")) {
            return;
        }
        try {
            Field f = listener.getClass().getDeclaredField("acceptor");
            f.setAccessible(true);
            SocketAcceptor acceptor = (SocketAcceptor) f.get(listener);
            acceptor.getSessionConfig().setTcpNoDelay(true);
        } catch (ReflectiveOperationException | ClassCastException e) {
            LOG.warn("Could not enable TCP_NODELAY on the embedded FTP server ({}); small-file throughput will suffer", e.toString());
        }
    }

    /** The most recent command lines the server received (for tests and diagnosis; PASS arguments are masked). */
    public java.util.List<String> recentCommands() {
        return commands.lines();
    }

    public int port() {
        return port;
    }

    public Path root() {
        return root;
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
            LOG.info("Embedded FTP server stopped");
        }
    }

    @Override
    public void close() {
        stop();
    }
}
