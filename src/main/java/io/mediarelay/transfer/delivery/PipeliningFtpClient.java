package io.mediarelay.transfer.delivery;

import java.io.IOException;
import java.io.Writer;

import javax.net.ssl.SSLContext;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * commons-net clients that can send several commands in one write ({@link #pipeline}); the caller then reads the
 * replies in order with {@code getReply()}. Used only for commands whose effect does not depend on the previous
 * reply (SIZE + RNFR before the decisive RNTO, see {@link FtpRemoteSession#renameIfSize}).
 */
interface Pipelining {
    void pipeline(String... commands) throws IOException;

    static void write(Writer out, String... commands) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String c : commands) {
            b.append(c).append("\r\n");
        }
        out.write(b.toString());
        out.flush();
    }
}

final class PipeliningFtpClient extends FTPClient implements Pipelining {
    @Override
    public void pipeline(String... commands) throws IOException {
        Pipelining.write(_controlOutput_, commands);
    }
}

final class PipeliningFtpsClient extends FTPSClient implements Pipelining {
    PipeliningFtpsClient(SSLContext context) {
        super(false, context);
    }

    @Override
    public void pipeline(String... commands) throws IOException {
        Pipelining.write(_controlOutput_, commands);
    }
}
