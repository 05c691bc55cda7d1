package io.mediarelay.sandbox.getty;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The deterministic asset catalog: the same seed always yields the same ids, texts and dimensions,
 * so tests and flows can hard-code expectations across runs and restarts.
 */
final class SandboxCatalog {

    private static final String[] SUBJECTS = {"mountain lake", "city skyline", "football match", "red fox",
            "coffee cup", "wind turbine", "street market", "surfer", "concert crowd", "harbour",
            "desert road", "snowy forest", "press conference", "tennis final", "hot air balloon", "lighthouse"};
    private static final String[] MOODS = {"at sunrise", "at night", "in the rain", "from above",
            "in autumn", "at golden hour", "in winter", "close-up"};
    private static final String[] ARTISTS = {"Anna Berg", "Kenji Mori", "Lucia Ferreira", "Tom Okafor",
            "Marta Nowak", "Pascal Kiszon", "Ines Duarte", "Sam Whitfield"};
    private static final String[][] CREATIVE_COLLECTIONS = {{"FKF", "348", "Moment"}, {"PDI", "2", "Photodisc"},
            {"EPL", "7", "E+"}, {"WSX", "41", "Westend61"}};
    private static final String[][] EDITORIAL_COLLECTIONS = {{"GSP", "105", "Getty Images Sport"},
            {"GNE", "211", "Getty Images News"}, {"AFP", "3", "AFP"}};
    private static final String[][] PLACES = {{"London", "United Kingdom"}, {"Berlin", "Germany"},
            {"Seattle", "United States"}, {"Lisbon", "Portugal"}, {"Tokyo", "Japan"}};
    private static final int[][] IMAGE_SIZES = {{2400, 1600}, {1600, 2400}, {2048, 1536}, {1800, 1800}, {3000, 2000}};
    /** Fixed epoch so dates do not drift between runs. */
    static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    private final Map<String, CatalogAsset> byId = new LinkedHashMap<>();
    private final List<CatalogAsset> images = new ArrayList<>();
    private final List<CatalogAsset> videos = new ArrayList<>();
    /** Edits made through {@link GettySandbox#updateAsset} (in memory only): Getty changing an asset's metadata. */
    private final Map<String, CatalogAsset> edits = new java.util.concurrent.ConcurrentHashMap<>();

    SandboxCatalog(long seed, int imageCount, int videoCount) {
        Random rnd = new Random(seed);
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < imageCount; i++) images.add(add(generate(rnd, ids, "image", i)));
        for (int i = 0; i < videoCount; i++) videos.add(add(generate(rnd, ids, "video", i)));
    }

    private CatalogAsset add(CatalogAsset a) {
        byId.put(a.id(), a);
        return a;
    }

    private static CatalogAsset generate(Random rnd, Set<String> ids, String type, int index) {
        String id;
        do {
            // Getty ids are numeric strings of 9-10 digits (videos look the same)
            id = Long.toString(100_000_000L + (long) (rnd.nextDouble() * 1_900_000_000L));
        } while (!ids.add(id));
        boolean editorial = index % 3 == 2;
        boolean video = "video".equals(type);
        String subject = pick(rnd, SUBJECTS);
        String mood = pick(rnd, MOODS);
        String artist = pick(rnd, ARTISTS);
        String[] coll = editorial ? pick(rnd, EDITORIAL_COLLECTIONS) : pick(rnd, CREATIVE_COLLECTIONS);
        String[] place = pick(rnd, PLACES);
        int[] size = video ? new int[] {1920, 1080} : pick(rnd, IMAGE_SIZES);
        String created = EPOCH.minus(rnd.nextInt(3 * 365), ChronoUnit.DAYS)
                .plusSeconds(rnd.nextInt(86_400)).truncatedTo(ChronoUnit.SECONDS).toString();
        String license = editorial ? "rightsmanaged"
                : video && rnd.nextInt(4) == 0 ? "rightsready" : rnd.nextInt(8) == 0 ? "rightsmanaged" : "royaltyfree";
        String title = capitalize(subject) + " " + mood;
        String caption = editorial
                ? capitalize(place[0]) + ", " + place[1] + ": " + subject + " " + mood + ". (Photo by " + artist + "/" + coll[2] + ")"
                : "A " + subject + " " + mood + ", photographed in " + place[0] + ".";
        List<String> keywords = new ArrayList<>(List.of(subject.split(" ")));
        keywords.add(mood.replace("at ", "").replace("in ", "").replace("from ", ""));
        keywords.add(place[0]);
        keywords.add(video ? "video" : "photography");
        keywords.add(editorial ? "news" : "nobody");
        return new CatalogAsset(id, type, editorial ? "editorial" : "creative", license, title, caption, artist,
                coll[0], Integer.parseInt(coll[1]), coll[2], created, size[0], size[1],
                Collections.unmodifiableList(keywords), 1 + rnd.nextInt(3), video ? null : "photography",
                editorial ? pick(rnd, new String[] {"news", "sport", "entertainment"}) : null,
                editorial ? "Not released. More information" : "No release required",
                editorial ? List.of("Editorial use only.") : List.of(),
                place[0], place[1], video ? 10 + rnd.nextInt(50) : 0);
    }

    private static <T> T pick(Random rnd, T[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    CatalogAsset find(String id) {
        CatalogAsset edited = id == null ? null : edits.get(id);
        return edited != null ? edited : byId.get(id);
    }

    CatalogAsset find(String id, String type) {
        CatalogAsset a = find(id);
        return a != null && a.type().equals(type) ? a : null;
    }

    /** Replaces what metadata calls return for one asset (search keeps the seeded version). */
    void edit(String id, java.util.function.UnaryOperator<CatalogAsset> change) {
        CatalogAsset current = find(id);
        if (current == null) throw new IllegalArgumentException("Unknown asset " + id);
        edits.put(id, change.apply(current));
    }

    List<CatalogAsset> images() {
        return Collections.unmodifiableList(images);
    }

    List<CatalogAsset> videos() {
        return Collections.unmodifiableList(videos);
    }

    List<String> imageIds() {
        return images.stream().map(CatalogAsset::id).toList();
    }

    List<String> videoIds() {
        return videos.stream().map(CatalogAsset::id).toList();
    }
}
