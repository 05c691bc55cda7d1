package io.mediarelay.transfer.delivery;

import java.io.IOException;

/**
 * A delivery failed; the message names the destination as {@code ftp://user@host:port/dir} (never the password)
 * and keeps the server's answer ("FTP login as x failed: 530 ...", "ConnectException: Connection refused"), so
 * logs, dead letters and health say where it failed. The cause is the original failure.
 */
public final class DeliveryFailedException extends IOException {
    private final String destination;

    public DeliveryFailedException(DeliveryTarget target, String file, IOException cause) {
        super("delivery of " + file + " to " + target + " failed: " + what(cause), cause);
        this.destination = target.toString();
    }

    public String destination() {
        return destination;
    }

    private static String what(IOException e) {
        String msg = e.getMessage();
        boolean ours = msg != null && (msg.startsWith("FTP ") || msg.startsWith("SFTP ") || msg.startsWith("upload of ")
                || msg.startsWith("nothing to deliver"));
        return ours ? msg : e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
