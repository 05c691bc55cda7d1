package io.mediarelay.sandbox.getty;

import java.util.List;

/**
 * The renditions a caller may license: what {@code download_sizes} advertises and what the
 * delivery path actually serves, computed in one place so the two can never disagree.
 */
final class DownloadSizes {

    /** One rendition. For images {@code bytes} is an estimate (as in Getty); for videos it is exact. */
    record Size(String name, int width, int height, long bytes) {
    }

    private DownloadSizes() {
    }

    /** Largest first: x_large = max_dimensions, then half and quarter size. */
    static List<Size> image(CatalogAsset a) {
        return List.of(
                imageSize("x_large", a.width(), a.height()),
                imageSize("medium", a.width() / 2, a.height() / 2),
                imageSize("small", a.width() / 4, a.height() / 4));
    }

    private static Size imageSize(String name, int w, int h) {
        // ~0.25 byte/pixel is what our flat-colour renders compress to; Getty also only estimates
        return new Size(name, w, h, (long) w * h / 4);
    }

    /** Largest first: hd1 is exactly {@code videoBytes}; sd1 a quarter of it. */
    static List<Size> video(long videoBytes) {
        return List.of(
                new Size("hd1", 1920, 1080, videoBytes),
                new Size("sd1", 640, 360, Math.max(64, videoBytes / 4)));
    }

    static List<Size> of(CatalogAsset a, long videoBytes) {
        return a.isVideo() ? video(videoBytes) : image(a);
    }

    /** Image rendition by pixel height ({@code height} download parameter); blank = largest. */
    static Size imageByHeight(CatalogAsset a, String height) {
        List<Size> sizes = image(a);
        if (height == null || height.isBlank()) return sizes.get(0);
        for (Size s : sizes) {
            if (Integer.toString(s.height()).equals(height.trim())) return s;
        }
        return null;
    }

    /** Video rendition by name ({@code size} download parameter); blank = largest. */
    static Size videoByName(long videoBytes, String name) {
        List<Size> sizes = video(videoBytes);
        if (name == null || name.isBlank()) return sizes.get(0);
        return sizes.stream().filter(s -> s.name().equals(name.trim())).findFirst().orElse(null);
    }

    /** Rendition by name, used by the delivery path. */
    static Size byName(CatalogAsset a, long videoBytes, String name) {
        return of(a, videoBytes).stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
