package io.mediarelay.sandbox.photoshelter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sandbox library: collections, galleries, images and their metadata, persisted as {@code state.json} in the
 * data directory (so a flow's result can be inspected, and survives a restart). Uploaded bytes live in
 * {@code files/<image id>}: the client's file name is never used as a path.
 *
 * <p>Changes are written at most every {@link #WRITE_DELAY_MS} ms and when the sandbox stops, not once per change:
 * the whole file is rewritten, so one write per request made every request O(library size) under the store lock
 * (the PF2 bench at 5,000 images was bound by it, issue 15). The API answers from memory, so clients never see
 * the delay; only a reader of the file right after a change waits for {@link #flush()} or the stop.
 */
final class SandboxStore {

    /** A collection or gallery ({@code type} "collection" / "gallery"). */
    public static final class Container {
        public String id;
        public String type;
        public String name;
        public String parentId;
        public String mode = "private";
        public long createdMicros;
        public long modifiedMicros;
    }

    public static final class Image {
        public String id;
        public String fileName;
        public List<String> galleryIds = new ArrayList<>();
        public long fileSize;
        public String sha256;
        public long uploadedMicros;
        public long modifiedMicros;
        public Map<String, Object> iptc = new LinkedHashMap<>();
        public Map<String, Object> xmp = new LinkedHashMap<>();
        public Map<String, Object> custom = new LinkedHashMap<>();
    }

    /** What state.json holds. */
    public static final class State {
        public Map<String, Container> containers = new LinkedHashMap<>();
        public Map<String, Image> images = new LinkedHashMap<>();
        public long lastMicros;
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final long WRITE_DELAY_MS = 300;
    /** One writer thread for every sandbox store in the JVM (tests start many). */
    private static final ScheduledExecutorService WRITER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "photoshelter-sandbox-state-writer");
        t.setDaemon(true);
        return t;
    });
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Path dir;
    private final Path stateFile;
    private final SplittableRandom random;
    private State state;
    private boolean writeScheduled;
    private final AtomicLong writes = new AtomicLong();

    SandboxStore(Path dir, long seed) {
        this.dir = dir;
        this.stateFile = dir.resolve("state.json");
        this.random = new SplittableRandom(seed);
        try {
            Files.createDirectories(dir.resolve("files"));
            state = Files.exists(stateFile) ? JSON.readValue(stateFile.toFile(), State.class) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open PhotoShelter sandbox data in " + dir, e);
        }
        if (state == null) {
            state = new State();
            SandboxSeed.seed(this);
            flush();
        }
    }

    Path dir() { return dir; }

    Path fileOf(String imageId) { return dir.resolve("files").resolve(imageId); }

    /** 16-character typed id, e.g. {@code G0000} + 11 characters of [A-Za-z0-9]. */
    synchronized String newId(String prefix) {
        String id;
        do {
            StringBuilder b = new StringBuilder(prefix);
            while (b.length() < 16) b.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
            id = b.toString();
        } while (state.containers.containsKey(id) || state.images.containsKey(id));
        return id;
    }

    /** Strictly increasing clock (microseconds), so "modified since" never loses two changes in one tick. */
    synchronized long tick() {
        long now = System.currentTimeMillis() * 1000;
        state.lastMicros = Math.max(now, state.lastMicros + 1);
        return state.lastMicros;
    }

    synchronized Container createContainer(String type, String name, String parentId) {
        if (parentId != null && !parentId.isBlank() && !"root".equals(parentId)) {
            Container p = state.containers.get(parentId);
            if (p == null || !"collection".equals(p.type)) throw SandboxError.notFound("Collection", parentId);
        } else {
            parentId = null;
        }
        Container c = new Container();
        c.id = newId("gallery".equals(type) ? "G0000" : "C0000");
        c.type = type;
        c.name = name;
        c.parentId = parentId;
        c.createdMicros = c.modifiedMicros = tick();
        state.containers.put(c.id, c);
        save();
        return c;
    }

    synchronized Container container(String id, String type) {
        Container c = state.containers.get(id);
        if (c == null || !c.type.equals(type)) throw SandboxError.notFound("gallery".equals(type) ? "Gallery" : "Collection", id);
        return c;
    }

    synchronized List<Container> containers(String type) {
        return state.containers.values().stream().filter(c -> c.type.equals(type)).toList();
    }

    /** Moves an uploaded temp file into place and records the image. */
    synchronized Image addImage(String galleryId, String fileName, Path tmp, long size, String sha256) throws IOException {
        container(galleryId, "gallery");
        Image i = new Image();
        i.id = newId("I0000");
        i.fileName = fileName;
        i.galleryIds.add(galleryId);
        i.fileSize = size;
        i.sha256 = sha256;
        i.uploadedMicros = i.modifiedMicros = tick();
        Files.move(tmp, fileOf(i.id), StandardCopyOption.REPLACE_EXISTING);
        state.images.put(i.id, i);
        touch(galleryId);
        save();
        return i;
    }

    synchronized Image image(String id) {
        Image i = state.images.get(id);
        if (i == null) throw SandboxError.notFound("Media", id);
        return i;
    }

    synchronized List<Image> images() {
        return state.images.values().stream().sorted(Comparator.comparingLong(i -> i.modifiedMicros)).toList();
    }

    /** Merges metadata fields (null removes a field) and bumps the modification time. */
    synchronized Image updateMetadata(String id, String kind, Map<String, Object> fields) {
        Image i = image(id);
        Map<String, Object> target = switch (kind) {
            case "iptc" -> i.iptc;
            case "xmp" -> i.xmp;
            default -> i.custom;
        };
        fields.forEach((k, v) -> {
            if (v == null) target.remove(k); else target.put(k, v);
        });
        i.modifiedMicros = tick();
        save();
        return i;
    }

    private void touch(String containerId) {
        Container c = state.containers.get(containerId);
        if (c != null) c.modifiedMicros = tick();
    }

    /** Times state.json was written: what persistence costs is visible to tests. */
    long writes() { return writes.get(); }

    /** Set by {@link #close()} under the writer lock: no write after the stop's own. */
    private boolean closed;

    /**
     * The sandbox stops: the last state is written now, and a write scheduled earlier that runs later writes nothing
     * (it wrote into a directory its owner may already be deleting: a test's temporary directory failed to delete).
     */
    void close() {
        synchronized (stateFile) {
            flush();
            closed = true;
        }
    }

    /** A change to persist: written with the others of the next {@link #WRITE_DELAY_MS} ms. */
    synchronized void save() {
        if (!writeScheduled) {
            writeScheduled = true;
            WRITER.schedule(this::flush, WRITE_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Writes the state now if it changed: serialised under the lock (a consistent picture), written outside it
     * (requests go on meanwhile); whole-file rewrite via a temp file and atomic move, so a crash never leaves half a
     * state.json.
     */
    void flush() {
        byte[] json;
        synchronized (this) {
            try {
                json = JSON.writeValueAsBytes(state);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot serialise sandbox state", e);
            }
            writeScheduled = false;
        }
        synchronized (stateFile) { // one writer at a time (the stop's flush and the scheduled one)
            if (closed) {
                return; // a write scheduled before the stop that ran after it: the stop wrote the last state
            }
            try {
                Path tmp = dir.resolve("state.json.tmp");
                Files.write(tmp, json);
                Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                writes.incrementAndGet();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot save sandbox state", e);
            }
        }
    }
}
