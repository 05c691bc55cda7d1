package io.mediarelay.transfer.delivery;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.mediarelay.transfer.naming.RemoteNamePolicy;
import io.mediarelay.transfer.naming.RemoteNameTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one file and proves it arrived: write to {@code <name>.mediarelay.part}, ask the server for the size (SIZE/MLST
 * on FTP, stat on SFTP), compare it and the SHA-256 of the bytes actually read from the source with what was
 * expected, and only then rename to the final name. On a mismatch the temp file is deleted and the delivery
 * fails, so a partner never sees a wrong file under a final name.
 *
 * <p>Why not camel-ftp: its producer streams and renames well but cannot report the server-side size or hash
 * the stream it sends, and a verification step after it would need a second connection and a second read of
 * the source (impossible for a streamed Getty download). Doing it here costs one SIZE round trip per file.
 *
 * <p>Resume: when the source is a file and {@code resume} is on, a {@code .part} left by an interrupted attempt
 * is continued (APPE / SFTP append) after hashing the local prefix; a stream source always starts over.
 */
public final class VerifiedDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VerifiedDelivery.class);

    /** What was delivered: the final remote path (relative to the login directory), bytes and SHA-256. */
    public record Result(String remotePath, long bytes, String sha256, long resumedFrom) {
    }

    /** Above this, hashing runs on a read-ahead thread (see {@link ReadAheadDigestInputStream}). */
    static final long READ_AHEAD_MIN_BYTES = 8L * 1024 * 1024;

    private final SessionPool pool = new SessionPool();
    private final OrphanedParts orphans = new OrphanedParts();

    /**
     * @param name          file name relative to the target directory; re-sanitized here so that no name can
     *                      leave the destination root even when the naming step was skipped
     * @param file          the source as a file (enables resume), or null
     * @param stream        the source as a stream when {@code file} is null; read once, never buffered whole
     * @param expectedBytes declared size or null; @param expectedSha declared SHA-256 (hex) or null
     */
    public Result deliver(DeliveryTarget t, String name, Path file, InputStream stream, Long expectedBytes,
                          String expectedSha) throws IOException {
        if (file != null && expectedBytes == null) {
            expectedBytes = Files.size(file);
        }
        RemoteSession s = pool.borrow(t);
        boolean healthy = false;
        boolean keepTemp = false;
        boolean lost = false;
        String temp = null;
        try {
            // the one naming policy, applied here whatever the flow did: no control characters, no traversal, no
            // leading '-', bounded length; ASCII for a server that did not announce UTF-8
            String rel = RemoteNamePolicy.path(name, !s.utf8Names());
            String remote = t.directory().isEmpty() ? rel : t.directory() + "/" + rel;
            int slash = remote.lastIndexOf('/');
            String dir = slash < 0 ? "" : remote.substring(0, slash);
            temp = (slash < 0 ? "" : dir + "/") + tempName(remote.substring(slash + 1));
            s.mkdirs(dir);
            MessageDigest md = sha256();
            long offset = file != null && t.resume() ? resumeOffset(s, temp, file, md) : 0;
            InputStream source = file != null ? Files.newInputStream(file) : stream;
            if (source == null) {
                throw new IOException("nothing to deliver for " + rel + ": body is empty");
            }
            if (offset > 0) {
                source.skipNBytes(offset);
            }
            long sent;
            boolean readAhead = file == null || Files.size(file) - offset > READ_AHEAD_MIN_BYTES;
            try (InputStream in = readAhead ? new ReadAheadDigestInputStream(source, md) : new MeasuredInputStream(source, md)) {
                orphans.writing(t, temp);
                try {
                    s.store(temp, in, offset);
                } catch (IOException e) {
                    keepTemp = file != null && t.resume(); // resumable next attempt
                    throw e;
                } finally {
                    orphans.written(t, temp);
                }
                if (in instanceof ReadAheadDigestInputStream r && !r.complete()) {
                    throw new IOException("upload of " + remote + " stopped before the end of the source");
                }
                sent = offset + (in instanceof ReadAheadDigestInputStream r ? r.count() : ((MeasuredInputStream) in).count());
            }
            // temp files a killed instance left in this directory go now (once per directory and process)
            orphans.sweep(s, t, dir, temp);
            String sha = HexFormat.of().formatHex(md.digest());
            String declaredProblem = expectedBytes != null && expectedBytes != sent ? "declared " + expectedBytes + " bytes, sent " + sent
                    : expectedSha != null && !expectedSha.equalsIgnoreCase(sha) ? "declared sha256 " + expectedSha + ", sent " + sha
                    : null;
            // the server's size is checked in the same step as the rename (one round trip less on FTP): the rename
            // happens only when the server holds exactly the bytes sent
            long onServer = declaredProblem != null ? s.size(temp) : s.renameIfSize(temp, remote, sent);
            String problem = onServer != sent ? "server has " + onServer + " bytes, sent " + sent : declaredProblem;
            if (problem != null) {
                s.delete(temp);
                healthy = true;
                throw new DeliveryVerificationException("delivery of " + remote + " to " + t + " not verified: " + problem);
            }
            healthy = true;
            return new Result(remote, sent, sha, offset);
        } catch (IOException e) {
            // a timed-out or lost connection is done: a late reply would be read as the answer to the next command,
            // and every cleanup command on it would wait out the timeout once more (3x the timeout instead of 1x);
            // the .part left behind is overwritten by the next attempt and never carries the final name
            lost = FtpRemoteSession.isConnectionLoss(e);
            if (lost && s instanceof FtpRemoteSession f) {
                f.broken();
            }
            throw e;
        } finally {
            if (temp != null && (!healthy || keepTemp)) {
                orphans.leftBehind(t, temp.contains("/") ? temp.substring(0, temp.lastIndexOf('/')) : "");
            }
            if (!healthy && !keepTemp && !lost && temp != null) {
                try {
                    s.delete(temp); // best effort: the session may be the thing that broke
                } catch (IOException | RuntimeException e) {
                    LOG.debug("could not remove {} after failed delivery: {}", temp, e.toString());
                }
            }
            pool.release(t, s, healthy);
        }
    }

    /** Length of a usable partial upload, with {@code md} advanced over that prefix of the local file. */
    private static long resumeOffset(RemoteSession s, String temp, Path file, MessageDigest md) throws IOException {
        long partial = s.size(temp);
        if (partial <= 0 || partial >= Files.size(file)) {
            return 0;
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            byte[] buf = new byte[256 * 1024];
            long left = partial;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException(file + " shrank while resuming");
                }
                left -= n;
            }
        }
        LOG.info("Resuming {} at byte {}", temp, partial);
        return partial;
    }

    /**
     * {@code <name>.mediarelay.part}, the stem shortened when needed so that it still fits the 255-byte segment limit.
     * The marker tells this runtime's temp files from another tool's {@code .part} ({@link OrphanedParts}).
     */
    static String tempName(String finalName) {
        int max = RemoteNameTemplate.MAX_SEGMENT_BYTES - OrphanedParts.SUFFIX.length();
        if (finalName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= max) {
            return finalName + OrphanedParts.SUFFIX;
        }
        // shortened: a hash of the whole name keeps two long names that share a prefix apart
        String hash = HexFormat.of().formatHex(sha256().digest(finalName.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 8);
        return RemoteNameTemplate.prefix(finalName, max - 9) + "~" + hash + OrphanedParts.SUFFIX;
    }

    static Path fileOf(Object body) {
        if (body instanceof org.apache.camel.component.file.GenericFile<?> gf && gf.getFile() instanceof File f) {
            return f.toPath();
        }
        if (body instanceof File f) {
            return f.toPath();
        }
        return body instanceof Path p ? p : null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
