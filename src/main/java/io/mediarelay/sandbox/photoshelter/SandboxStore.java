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

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sandbox library: collections, galleries, images and their metadata, persisted as {@code state.json} in the
 * data directory after every change (so a flow's result can be inspected, and survives a restart). Uploaded
 * bytes live in {@code files/<image id>}: the client's file name is never used as a path.
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
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Path dir;
    private final Path stateFile;
    private final SplittableRandom random;
    private State state;

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

    /** Whole-file rewrite via a temp file and atomic move, so a crash never leaves half a state.json. */
    synchronized void save() {
        try {
            Path tmp = dir.resolve("state.json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save sandbox state", e);
        }
    }
}
