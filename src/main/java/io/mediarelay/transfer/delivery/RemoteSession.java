package io.mediarelay.transfer.delivery;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** The few remote operations a verified delivery needs, so FTP(S) and SFTP share one upload algorithm. */
interface RemoteSession extends Closeable {

    /** Creates the directory and its parents; "" means the login directory. */
    void mkdirs(String dir) throws IOException;

    /** Size of a remote file as the server reports it, or -1 when it does not exist. */
    long size(String path) throws IOException;

    /** Writes the stream to path; offset > 0 appends to an existing partial file (resume). */
    void store(String path, InputStream in, long offset) throws IOException;

    /** Renames, replacing an existing target. */
    void rename(String from, String to) throws IOException;

    void delete(String path) throws IOException;

    /** Names (last segment only) of the entries of a directory; "" means the login directory. */
    java.util.List<String> names(String dir) throws IOException;

    /** Last modification time of a remote file by the server's clock, or null when it does not exist. */
    java.time.Instant modified(String path) throws IOException;

    /**
     * Publishes a finished upload: renames {@code from} to {@code to} only if the server reports exactly
     * {@code expected} bytes for {@code from}. Returns the size the server reported (-1: missing); when it differs,
     * nothing was renamed. FTP overrides this to save a round trip per file.
     */
    default long renameIfSize(String from, String to, long expected) throws IOException {
        long size = size(from);
        if (size == expected) {
            rename(from, to);
        }
        return size;
    }

    /** Whether file names may be sent as UTF-8 (FTP: the server announced UTF8 in FEAT; SFTP: always). */
    default boolean utf8Names() {
        return true;
    }

    /** False once the connection is known to be broken; the pool then drops the session. */
    boolean usable();
}
