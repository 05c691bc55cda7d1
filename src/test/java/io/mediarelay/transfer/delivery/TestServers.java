package io.mediarelay.transfer.delivery;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.apache.mina.transport.socket.SocketAcceptor;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * Real servers for delivery tests, all on 127.0.0.1 with ephemeral ports: Apache FtpServer (plain or explicit
 * FTPS with a keytool-generated self-signed certificate), optionally with a Ftplet that truncates uploads, and Apache MINA
 * SSHD with SFTP and a known_hosts file for the client.
 */
public final class TestServers {
    public static final String USER = "partner";
    public static final String PASSWORD = "s3cret";
    static final String STORE_PASSWORD = "changeit";

    private TestServers() {
    }

    /** Keystores made once per JVM: server.p12 (key + self-signed cert for localhost/127.0.0.1), trust.p12 (cert only). */
    static synchronized Path tlsDir() throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mediarelay-tls-" + ProcessHandle.current().pid());
        if (Files.exists(dir.resolve("trust.p12"))) {
            return dir;
        }
        Files.createDirectories(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // temp dir; best effort
            }
        }));
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        keytool(dir, keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool(dir, keytool, "-exportcert", "-alias", "server", "-keystore", "server.p12", "-storepass", STORE_PASSWORD,
                "-file", "server.cer");
        keytool(dir, keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", "server.cer",
                "-keystore", "trust.p12", "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        return dir;
    }

    private static void keytool(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }

    /** Apache FtpServer; tls = explicit FTPS; truncate = SIZE sees uploads (.part) shortened by 10 bytes. */
    static FtpServer ftp(Path root, boolean tls, boolean truncate, int[] portOut) throws Exception {
        return ftp(root, tls, truncate, true, portOut);
    }

    /** For flow tests: FTP or explicit FTPS (self-signed certificate, see {@link #trustStore()}); writable or not. */
    public static FtpServer ftpServer(Path root, boolean tls, boolean writable, int[] portOut) throws Exception {
        return ftp(root, tls, false, writable, portOut);
    }

    /** PKCS12 trust store (password {@value #STORE_PASSWORD}) holding only the test servers' self-signed certificate. */
    public static Path trustStore() throws Exception {
        return tlsDir().resolve("trust.p12");
    }

    public static final String TRUST_STORE_PASSWORD = STORE_PASSWORD;

    private static FtpServer ftp(Path root, boolean tls, boolean truncate, boolean writable, int[] portOut) throws Exception {
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.1");
        data.setPassivePorts("0");
        if (tls) {
            SslConfigurationFactory ssl = new SslConfigurationFactory();
            ssl.setKeystoreFile(tlsDir().resolve("server.p12").toFile());
            ssl.setKeystoreType("PKCS12");
            ssl.setKeystorePassword(STORE_PASSWORD);
            ssl.setKeyPassword(STORE_PASSWORD);
            SslConfiguration sslConfig = ssl.createSslConfiguration();
            listener.setSslConfiguration(sslConfig);
            listener.setImplicitSsl(false);
            data.setSslConfiguration(sslConfig);
        }
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener("default", listener.createListener());
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setMaxLogins(50);
        factory.setConnectionConfig(connections.createConnectionConfig());
        factory.setUserManager(users(root, writable));
        if (truncate) {
            factory.getFtplets().put("truncate", new TruncatingFtplet());
        }
        FtpServer server = factory.createServer();
        server.start();
        Listener started = ((DefaultFtpServer) server).getListener("default");
        noDelay(started);
        portOut[0] = started.getPort();
        return server;
    }

    private static UserManager users(Path root, boolean writable) throws FtpException, IOException {
        UserManager manager = new PropertiesUserManagerFactory().createUserManager();
        Files.createDirectories(root);
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(root.toString());
        List<Authority> authorities = new ArrayList<>();
        if (writable) {
            authorities.add(new WritePermission());
        }
        authorities.add(new ConcurrentLoginPermission(50, 50));
        user.setAuthorities(authorities);
        manager.save(user);
        return manager;
    }

    /** Same TCP_NODELAY fix as EmbeddedFtpServer: without it every command costs ~40 ms. */
    private static void noDelay(Listener listener) throws ReflectiveOperationException {
        Field f = listener.getClass().getDeclaredField("acceptor");
        f.setAccessible(true);
        ((SocketAcceptor) f.get(listener)).getSessionConfig().setTcpNoDelay(true);
    }

    /** Simulates a server that loses the tail of an upload: before SIZE answers, the .part loses 10 bytes. */
    static final class TruncatingFtplet extends DefaultFtplet {
        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
            if ("SIZE".equalsIgnoreCase(request.getCommand()) && request.getArgument().endsWith(".part")) {
                FtpFile f = session.getFileSystemView().getFile(request.getArgument());
                File physical = (File) f.getPhysicalFile();
                try (RandomAccessFile raf = new RandomAccessFile(physical, "rw")) {
                    raf.setLength(Math.max(0, raf.length() - 10));
                }
            }
            return FtpletResult.DEFAULT;
        }
    }

    /** MINA SSHD with SFTP rooted at root; writes known_hosts for the client and returns the server. */
    public static SshServer sftp(Path root, Path knownHosts) throws Exception {
        Files.createDirectories(root);
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(root.getParent().resolve("hostkey.ser"));
        keys.setAlgorithm("EC"); // EC: key generation in ms, not seconds
        keys.setKeySize(256);
        sshd.setKeyPairProvider(keys);
        sshd.setPasswordAuthenticator((u, p, s) -> USER.equals(u) && PASSWORD.equals(p));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        KeyPair kp = keys.loadKeys(null).iterator().next();
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(kp.getPublic()) + "\n");
        return sshd;
    }

    static DeliveryTarget target(String protocol, int port, String dir, String trustStore, String knownHosts, boolean resume) {
        return new DeliveryTarget(protocol, "127.0.0.1", port, USER, PASSWORD, dir, 5000, 10000, 10000,
                trustStore, trustStore == null ? null : STORE_PASSWORD, knownHosts, null, resume, 4);
    }
}
