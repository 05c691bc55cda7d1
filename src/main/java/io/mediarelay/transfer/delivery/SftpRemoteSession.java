package io.mediarelay.transfer.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;

/**
 * SFTP with JSch (already on the classpath through camel-ftp). Host key checking is always on: the target
 * must name a known_hosts file, because accepting any key would hand the partner's credentials and files to
 * whoever answers on that address.
 */
final class SftpRemoteSession implements RemoteSession {
    private final Session session;
    private final ChannelSftp sftp;
    private final Set<String> knownDirs = new HashSet<>();

    SftpRemoteSession(DeliveryTarget t) throws IOException {
        if (t.knownHosts() == null) {
            throw new IOException("SFTP delivery to " + t + " needs knownHosts (host key checking cannot be turned off)");
        }
        try {
            JSch jsch = new JSch();
            jsch.setKnownHosts(t.knownHosts());
            if (t.privateKey() != null) {
                jsch.addIdentity(t.privateKey());
            }
            session = jsch.getSession(t.username(), t.host(), t.port());
            if (t.password() != null) {
                session.setPassword(t.password());
            }
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setTimeout(t.soTimeoutMs());
            session.connect(t.connectTimeoutMs());
            sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(t.connectTimeoutMs());
        } catch (JSchException e) {
            throw new IOException("SFTP connect to " + t + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void mkdirs(String dir) throws IOException {
        if (dir.isEmpty() || knownDirs.contains(dir)) {
            return;
        }
        StringBuilder prefix = new StringBuilder(dir.startsWith("/") ? "/" : "");
        for (String seg : dir.split("/")) {
            if (seg.isEmpty()) {
                continue;
            }
            prefix.append(seg);
            String p = prefix.toString();
            if (!knownDirs.contains(p)) {
                try {
                    sftp.stat(p);
                } catch (SftpException missing) {
                    try {
                        sftp.mkdir(p);
                    } catch (SftpException e) {
                        throw io("mkdir " + p, e);
                    }
                }
                knownDirs.add(p);
            }
            prefix.append('/');
        }
    }

    @Override
    public long size(String path) throws IOException {
        try {
            return sftp.stat(path).getSize();
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return -1;
            }
            throw io("stat " + path, e);
        }
    }

    @Override
    public void store(String path, InputStream in, long offset) throws IOException {
        try {
            sftp.put(in, path, offset > 0 ? ChannelSftp.APPEND : ChannelSftp.OVERWRITE);
        } catch (SftpException e) {
            throw io("put " + path, e);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        try {
            sftp.rename(from, to);
        } catch (SftpException first) {
            try {
                sftp.rm(to); // SFTP v3 rename does not replace an existing file
                sftp.rename(from, to);
            } catch (SftpException e) {
                throw io("rename " + from + " -> " + to, e);
            }
        }
    }

    @Override
    public void delete(String path) throws IOException {
        try {
            sftp.rm(path);
        } catch (SftpException e) {
            throw io("rm " + path, e);
        }
    }

    @Override
    public java.util.List<String> names(String dir) throws IOException {
        try {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (Object e : sftp.ls(dir.isEmpty() ? "." : dir)) {
                out.add(((ChannelSftp.LsEntry) e).getFilename());
            }
            return out;
        } catch (SftpException e) {
            throw io("ls " + dir, e);
        }
    }

    @Override
    public java.time.Instant modified(String path) throws IOException {
        try {
            return java.time.Instant.ofEpochSecond(sftp.stat(path).getMTime() & 0xffffffffL);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw io("stat " + path, e);
        }
    }

    @Override
    public boolean usable() {
        return session.isConnected() && sftp.isConnected();
    }

    @Override
    public void close() {
        sftp.disconnect();
        session.disconnect();
    }

    private static IOException io(String what, SftpException e) {
        return new IOException("SFTP " + what + " failed: " + e.getMessage(), e);
    }
}
