package io.mediarelay.sandbox.getty;

import java.util.List;

/**
 * One immutable asset of the seeded catalog. Holds the raw facts; {@link AssetJson} turns them into
 * Getty-shaped JSON for whatever {@code fields} a caller asked for.
 *
 * @param type "image" or "video" (Getty's {@code asset_type})
 * @param width advertised (and served) width of the largest download in pixels
 * @param height advertised (and served) height of the largest download in pixels
 */
record CatalogAsset(
        String id,
        String type,
        String assetFamily,
        String licenseModel,
        String title,
        String caption,
        String artist,
        String collectionCode,
        int collectionId,
        String collectionName,
        String dateCreated,
        int width,
        int height,
        List<String> keywords,
        int qualityRank,
        String graphicalStyle,
        String editorialSegment,
        String releaseInfo,
        List<String> usageRestrictions,
        String city,
        String country,
        int clipSeconds) {

    boolean isVideo() {
        return "video".equals(type);
    }

    boolean isEditorial() {
        return "editorial".equals(assetFamily);
    }

    String creditLine() {
        return artist + "/" + collectionName + " via Getty Images";
    }

    String copyright() {
        return "\u00a9 " + dateCreated.substring(0, 4) + " " + artist;
    }

    String orientation() {
        if (width == height) return "Square";
        return width > height ? "Horizontal" : "Vertical";
    }

    String extension() {
        return isVideo() ? "mp4" : "jpg";
    }

    /** Whether every word of {@code phrase} occurs in title, caption or keywords (Getty's AND semantics). */
    boolean matches(String phrase) {
        if (phrase == null || phrase.isBlank()) return true;
        String hay = (title + " " + caption + " " + String.join(" ", keywords)).toLowerCase(java.util.Locale.ROOT);
        for (String word : phrase.toLowerCase(java.util.Locale.ROOT).split("[\\s,]+")) {
            if (!word.isEmpty() && !hay.contains(word)) return false;
        }
        return true;
    }
}
