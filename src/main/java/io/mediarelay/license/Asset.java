package io.mediarelay.license;

/** One row of {@code assets}: descriptive metadata copied from the source (Getty, PhotoShelter, ...). */
public record Asset(String source, String assetId, String title, String artist, String credit, String licenseModel,
                    String assetFamily, String restrictions) {

    public Asset {
        if (source == null || assetId == null || assetId.isBlank()) {
            throw new IllegalArgumentException("an asset needs a source and an id");
        }
    }
}
