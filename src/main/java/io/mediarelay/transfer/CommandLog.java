package io.mediarelay.transfer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;

/**
 * Keeps the last {@value #MAX} command lines the embedded FTP server received, exactly as decoded (a CR or LF in a
 * client's file name would show up here as an extra command). Bounded, so a long-running server does not grow.
 */
final class CommandLog extends DefaultFtplet {
    static final int MAX = 5000;
    private final Deque<String> lines = new ArrayDeque<>();

    @Override
    public FtpletResult beforeCommand(FtpSession session, FtpRequest request) {
        String line = request.getRequestLine();
        if ("PASS".equalsIgnoreCase(request.getCommand())) {
            line = "PASS xxxxxx";
        }
        synchronized (lines) {
            if (lines.size() == MAX) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        return FtpletResult.DEFAULT;
    }

    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
