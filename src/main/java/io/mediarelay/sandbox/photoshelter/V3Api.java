package io.mediarelay.sandbox.photoshelter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;

import com.sun.net.httpserver.HttpExchange;

/**
 * {@code /psapi/v3}: token authentication, organization authentication, the documented multipart upload, and
 * the gallery/collection/image member calls third-party v3 clients use. Envelope {@code {"status":"ok","data":..}}
 * with capitalised record keys ({@code Gallery}, {@code Image}, {@code Children}).
 */
final class V3Api extends ApiHandler {

    private final AtomicInteger uploads = new AtomicInteger();

    V3Api(PhotoShelterSandboxConfig config, SandboxStore store, Sessions sessions, Faults faults) {
        super("/psapi/v3", true, config, store, sessions, faults);
    }

    int uploadCount() {
        return uploads.get();
    }

    @Override
    protected boolean route(HttpExchange ex, String method, String path) throws IOException {
        Matcher m;
        if (method.equals("POST") && path.equals("/mem/authenticate")) {
            String token = authenticate(Http.params(ex));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("token", token);
            if (config.hasOrganization()) {
                data.put("org", List.of(Map.of("id", config.organizationId, "name", config.organizationName)));
            }
            Http.sendJson(ex, 200, Http.v3Ok(data));
        } else if (method.equals("POST") && (m = match("/mem/organization/([^/]+)/authenticate", path)) != null) {
            orgAuthenticate(session(ex), m.group(1));
            Http.sendJson(ex, 200, Http.v3Ok(Map.of()));
        } else if (method.equals("POST") && path.equals("/mem/image/upload")) {
            session(ex);
            upload(ex);
        } else if ((m = match("/mem/(gallery|collection)/insert", path)) != null) {
            session(ex);
            Map<String, String> p = Http.params(ex);
            String name = p.get("name");
            if (name == null || name.isBlank()) throw SandboxError.badRequest("name is required");
            SandboxStore.Container c = store.createContainer(m.group(1), name.trim(), p.get("parent"));
            Http.sendJson(ex, 200, Http.v3Ok(Map.of(m.group(1).equals("gallery") ? "Gallery" : "Collection", container(c))));
        } else if (method.equals("GET") && path.equals("/mem/gallery/query")) {
            session(ex);
            String parent = Http.params(ex).get("parent");
            List<Object> list = store.containers("gallery").stream()
                    .filter(c -> parent == null || parent.equals(c.parentId == null ? "root" : c.parentId))
                    .map(V3Api::container).map(Object.class::cast).toList();
            Http.sendJson(ex, 200, Http.v3Ok(Map.of("Gallery", list)));
        } else if (method.equals("GET") && (m = match("/mem/collection/([^/]+)/children", path)) != null) {
            session(ex);
            String id = m.group(1).equals("root") ? null : store.container(m.group(1), "collection").id;
            List<Object> cols = new ArrayList<>();
            List<Object> gals = new ArrayList<>();
            for (String type : List.of("collection", "gallery")) {
                store.containers(type).stream().filter(c -> java.util.Objects.equals(c.parentId, id))
                        .forEach(c -> (type.equals("gallery") ? gals : cols).add(container(c)));
            }
            Http.sendJson(ex, 200, Http.v3Ok(Map.of("Children", Map.of("Collection", cols, "Gallery", gals))));
        } else if (method.equals("GET") && (m = match("/mem/image/(I0000[A-Za-z0-9._]{11})", path)) != null) {
            session(ex);
            Http.sendJson(ex, 200, Http.v3Ok(Map.of("Image", image(store.image(m.group(1))))));
        } else if (method.equals("GET") && (m = match("/mem/image/([^/]+)/(iptc|xmp|custom)", path)) != null) {
            session(ex);
            SandboxStore.Image i = store.image(m.group(1));
            Object data = switch (m.group(2)) { case "iptc" -> i.iptc; case "xmp" -> i.xmp; default -> i.custom; };
            Http.sendJson(ex, 200, Http.v3Ok(data));
        } else if (method.equals("GET") && (m = match("/mem/image/([^/]+)/download", path)) != null) {
            Sessions.Session s = session(ex);
            requireOrgIfMember(s);
            Downloads.send(ex, store, store.image(m.group(1)));
        } else {
            return false;
        }
        return true;
    }

    /** Streams each {@code file} part to a temp file (hashing on the way), then files it under its new id. */
    private void upload(HttpExchange ex) throws IOException {
        String boundary = MultipartReader.boundaryOf(ex.getRequestHeaders().getFirst("Content-Type"));
        if (boundary == null) throw new SandboxError(415, "UnsupportedMediaTypeException", "Unsupported Media Type", "multipart/form-data required");
        MultipartReader r = new MultipartReader(ex.getRequestBody(), boundary);
        r.begin();
        String galleryId = null;
        List<Object[]> files = new ArrayList<>(); // {tmp, name, size, sha}
        try {
            for (MultipartReader.PartHeaders part = r.nextPart(); part != null; part = r.nextPart()) {
                if (part.fileName() != null && part.name() != null && part.name().startsWith("file")) {
                    Path tmp = Files.createTempFile(store.dir(), "upload", ".part");
                    MessageDigest sha = sha256();
                    long size;
                    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                        size = r.copyBody(out);
                    }
                    files.add(new Object[] {tmp, SafeNames.fileName(part.fileName()), size, HexFormat.of().formatHex(sha.digest())});
                } else {
                    java.io.ByteArrayOutputStream v = new java.io.ByteArrayOutputStream();
                    r.copyBody(new BoundedOutput(v, 4096));
                    if ("gallery_id".equals(part.name())) galleryId = v.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
                }
            }
            if (galleryId == null || galleryId.isEmpty()) throw SandboxError.badRequest("gallery_id is required");
            if (files.isEmpty()) throw SandboxError.badRequest("file is required");
            List<Object> images = new ArrayList<>();
            for (Object[] f : files) {
                SandboxStore.Image i = store.addImage(galleryId, (String) f[1], (Path) f[0], (Long) f[2], (String) f[3]);
                uploads.incrementAndGet();
                images.add(image(i));
            }
            Http.sendJson(ex, 200, Http.v3Ok(Map.of("Image", images.size() == 1 ? images.get(0) : images)));
        } finally {
            for (Object[] f : files) Files.deleteIfExists((Path) f[0]);
        }
    }

    static Map<String, Object> container(SandboxStore.Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(c.type + "_id", c.id);
        m.put("name", c.name);
        m.put("parent_id", c.parentId);
        m.put("mode", c.mode);
        m.put("created_at", Http.v3Date(c.createdMicros));
        m.put("modified_at", Http.v3Date(c.modifiedMicros));
        return m;
    }

    static Map<String, Object> image(SandboxStore.Image i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image_id", i.id);
        m.put("file_name", i.fileName);
        m.put("file_size", i.fileSize);
        m.put("gallery_id", i.galleryIds.isEmpty() ? null : i.galleryIds.get(0));
        m.put("uploaded_at", Http.v3Date(i.uploadedMicros));
        m.put("updated_at", Http.v3Date(i.modifiedMicros));
        return m;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Form fields are small; a huge non-file part is refused instead of buffered. */
    private static final class BoundedOutput extends java.io.FilterOutputStream {
        private final int max;
        private int n;

        BoundedOutput(OutputStream out, int max) {
            super(out);
            this.max = max;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            n += len;
            if (n > max) throw SandboxError.badRequest("form field too large");
            out.write(b, off, len);
        }
    }
}
