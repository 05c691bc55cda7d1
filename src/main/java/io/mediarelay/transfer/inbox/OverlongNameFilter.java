package io.mediarelay.transfer.inbox;

import java.util.Locale;
import java.util.regex.Pattern;

import io.mediarelay.transfer.naming.RemoteNamePolicy;
import io.mediarelay.transfer.naming.RemoteNameTemplate;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filter of the FTP/SFTP inboxes that download to a local work folder (PF1, GF4, GF5:
 * {@code filter=#class:io.mediarelay.transfer.inbox.OverlongNameFilter}, one instance per endpoint).
 *
 * <p>Why: camel-ftp's {@code localWorkDirectory} downloads a file as {@code <name>.inprogress} on local disk, and
 * its local naming cannot be changed. A remote name of 245-255 bytes (legal on the server) gives a local name over
 * the 255-byte file-system limit: the download failed on every poll with a WARN, the file was never moved or
 * reported and stayed in the inbox for ever. Such a file is refused while the folder is listed, before anything is
 * downloaded: it is moved on the server to {@code .error/<name>} with {@code <name>.reason.txt} next to it (the
 * same reason file as every other refused inbox file, {@link InboxFailure}), and the other files of the poll are
 * processed as usual. Renaming it to a short name and taking it was not chosen: the original name is what the flows
 * deliver and report (PF1's upload name, GF5's library file name), so a short name would silently change it.
 *
 * <p>Runs before the read lock (readLock=changed): a file still being written under such a name is moved at once.
 * Deliberate: it could never be taken, so waiting for it to stop growing only delays the reason; on POSIX servers
 * the partner's upload finishes into {@code .error}.
 *
 * <p>An endpoint without a local work folder has no such limit: everything is accepted.
 */
public final class OverlongNameFilter implements GenericFileFilter<Object>, CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger(OverlongNameFilter.class);
    /** What camel-ftp appends to the local work file (RemoteFileConsumer/FtpOperations: "<name>.inprogress"). */
    static final String WORK_SUFFIX = ".inprogress";
    /** The longest file name the local work folder takes, in UTF-8 bytes (NAME_MAX of ext4/xfs/btrfs/apfs). */
    static final int LOCAL_NAME_MAX_BYTES = RemoteNameTemplate.MAX_SEGMENT_BYTES;

    private CamelContext camelContext;
    private RemoteFileEndpoint<?> endpoint;

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory() || fitsLocally(file.getFileNameOnly())) {
            return true;
        }
        RemoteFileEndpoint<?> inbox = endpoint();
        if (inbox == null || inbox.getLocalWorkDirectory() == null || !listed(inbox, file.getFileNameOnly())) {
            return true; // Camel applies include/exclude after this filter: an ignored file must stay untouched
        }
        refuse(inbox, file);
        return false;
    }

    /** True when {@code <name>.inprogress} fits one local file name. */
    static boolean fitsLocally(String name) {
        return name == null || RemoteNameTemplate.utf8(name + WORK_SUFFIX) <= LOCAL_NAME_MAX_BYTES;
    }

    /**
     * Whether the inbox's include/exclude options let the file through (Camel checks them only after the filter;
     * a partner's "name.jpg.part" upload in progress, or a type the inbox does not read, is never refused).
     */
    static boolean listed(GenericFileEndpoint<?> inbox, String name) {
        Pattern include = inbox.getIncludePattern();
        Pattern exclude = inbox.getExcludePattern();
        if (include != null && !include.matcher(name).matches() || exclude != null && exclude.matcher(name).matches()) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (inbox.getExcludeExt() != null && endsWithAny(lower, inbox.getExcludeExt())) {
            return false;
        }
        return inbox.getIncludeExt() == null || endsWithAny(lower, inbox.getIncludeExt());
    }

    private static boolean endsWithAny(String lowerName, String extensions) {
        for (String ext : extensions.split(",")) {
            if (!ext.isBlank() && lowerName.endsWith("." + ext.trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private void refuse(RemoteFileEndpoint<?> inbox, GenericFile<Object> file) {
        String relative = file.getRelativeFilePath();
        String printable = RemoteNamePolicy.printable(relative);
        int bytes = RemoteNameTemplate.utf8(file.getFileNameOnly());
        String reason = "file name too long: " + bytes + " bytes; this inbox downloads to a local work folder and takes"
                + " names of up to " + (LOCAL_NAME_MAX_BYTES - WORK_SUFFIX.length()) + " bytes (UTF-8)."
                + " Rename the file shorter and put it into the inbox again.";
        String base = file.getEndpointPath() == null ? "" : file.getEndpointPath().replaceAll("/+$", "");
        String target = (base.isEmpty() ? "" : base + "/") + ".error/" + relative;
        RemoteFileOperations<?> ops = null;
        try {
            ops = inbox.createRemoteFileOperations();
            ops.connect(inbox.getConfiguration(), null);
            String parent = target.substring(0, target.lastIndexOf('/'));
            ops.buildDirectory(parent, parent.startsWith("/"));
            if (ops.existsFile(target)) {
                ops.deleteFile(target); // the same name refused before: the newer file replaces it
            }
            if (!ops.renameFile(file.getAbsoluteFilePath(), target)) {
                throw new IllegalStateException("rename to " + RemoteNamePolicy.printable(target) + " refused");
            }
            InboxFailure.writeRemoteReason(inbox, relative, reason, flowOf(inbox));
            LOG.warn("Inbox file refused and moved to .error: {} ({})", printable, reason);
        } catch (Exception e) {
            // left in the inbox; tried again next poll, never downloaded (a download would fail the same way)
            LOG.warn("Inbox file name too long ({} bytes), could not move it to .error: {}: {}", bytes, printable,
                    RemoteNamePolicy.printable(e.getMessage()));
        } finally {
            if (ops != null) {
                try {
                    ops.disconnect();
                } catch (Exception e) {
                    LOG.debug("disconnect after refusing {}", printable, e);
                }
            }
        }
    }

    /** The endpoint this instance filters (each endpoint creates its own instance via #class:). */
    private RemoteFileEndpoint<?> endpoint() {
        if (endpoint == null && camelContext != null) {
            for (Endpoint e : camelContext.getEndpoints()) {
                if (e instanceof RemoteFileEndpoint<?> remote && remote.getFilter() == this) {
                    endpoint = remote;
                }
            }
        }
        return endpoint;
    }

    private String flowOf(Endpoint inbox) {
        for (Route route : camelContext.getRoutes()) {
            if (route.getEndpoint() == inbox) {
                return route.getRouteId();
            }
        }
        return "inbox"; // never the endpoint URI: it may carry the password
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
