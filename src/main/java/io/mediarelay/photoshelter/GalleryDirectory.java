package io.mediarelay.photoshelter;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What intake flows need beyond single endpoint calls: a gallery by path ({@code Collection/Sub/Gallery}, created
 * if missing, cached per path so a batch of thousands of files resolves each folder once), the media of a gallery
 * with a given file name (resume after a crash between upload and record), and an IPTC update. Uses the
 * component's one client, i.e. the same session and rate limiter as the endpoints.
 */
public final class GalleryDirectory {

    private static final Map<PhotoShelterClient, GalleryDirectory> BY_CLIENT = new ConcurrentHashMap<>();

    private final PhotoShelterClient client;
    private final ContainerOperations containers;
    private final Map<String, String> galleryIds = new ConcurrentHashMap<>();

    private GalleryDirectory(PhotoShelterClient client) {
        this.client = client;
        this.containers = new ContainerOperations(null, client);
    }

    /** The directory of a component's client (one per client, so the path cache is shared by every flow). */
    public static GalleryDirectory of(PhotoShelterComponent component) {
        return BY_CLIENT.computeIfAbsent(component.client(), GalleryDirectory::new);
    }

    /** Gallery id for {@code A/B/Name}: collections A and B, gallery Name. Null when missing and not created. */
    public String galleryForPath(String path, boolean create) throws IOException, InterruptedException {
        String clean = normalize(path);
        String cached = galleryIds.get(clean);
        if (cached != null) return cached;
        int slash = clean.lastIndexOf('/');
        String parent = slash < 0 ? null : containers.collectionPath(clean.substring(0, slash), create);
        if (slash >= 0 && parent == null) return null;
        Map<String, Object> g = containers.findOrCreate("gallery", clean.substring(slash + 1), parent, create);
        if (g == null) return null;
        String id = (String) g.get("id");
        galleryIds.put(clean, id);
        return id;
    }

    /** Drops a cached path (e.g. the gallery was deleted in the UI and an upload answered 404). */
    public void forget(String path) {
        galleryIds.remove(normalize(path));
    }

    /** A media item in the gallery whose file name is exactly {@code fileName} (v4 search), if any. */
    public Optional<Map<String, Object>> findMedia(String galleryId, String fileName) throws IOException, InterruptedException {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("galleries", galleryId);
        q.put("terms", fileName);
        List<Map<String, Object>> items = Pages.all(client, "/media", q, 100, 1000);
        return items.stream().filter(m -> fileName.equals(m.get("file_name"))).findFirst();
    }

    /** Merges IPTC fields into a media item (v4 PATCH; v3 has no documented metadata update). */
    public void updateIptc(String mediaId, Map<String, Object> fields) throws IOException, InterruptedException {
        if (mediaId == null || !mediaId.matches("(I0|VD|AD|DO)000[A-Za-z0-9._]{11}")) {
            throw new IllegalArgumentException("invalid media id '" + mediaId + "'");
        }
        client.v4("PATCH", "/media/" + mediaId + "/iptc", null, Map.of("data", Map.of("attributes", fields)));
    }

    static String normalize(String path) {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("gallery path is empty");
        StringBuilder b = new StringBuilder();
        for (String s : path.split("/")) {
            if (s.isBlank()) continue;
            if (b.length() > 0) b.append('/');
            b.append(s.trim());
        }
        if (b.length() == 0) throw new IllegalArgumentException("gallery path is empty");
        return b.toString();
    }
}
