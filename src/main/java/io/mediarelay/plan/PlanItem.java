package io.mediarelay.plan;

import java.util.List;

/**
 * One line of a plan: what one route of the flow would do with one asset (or license record).
 *
 * @param action     {@link #LICENSE} (a new Getty license, then delivery), {@link #DELIVER} (delivery with an existing
 *                   license or none needed) or {@link #SKIP}
 * @param product    the Getty product a new license would be charged to ("id name"), or the one already used
 * @param remotePath final path on the destination (the main file); {@code companions} are written next to it
 * @param bytes      size of the main file as Getty states it for the largest download ({@code download_sizes}; the file
 *                   Getty then serves may differ a little), exact for GF8 records; null when unknown
 * @param code       why it is skipped (ALREADY_DELIVERED, BEHIND_CURSOR, DOWNLOAD_LIMIT_REACHED, NO_PRODUCT_ACCESS,
 *                   LICENSE_PENDING, LICENSE_UNCERTAIN, NOT_FOUND, NOT_A_VIDEO) or how it is licensed (NEW, REUSED,
 *                   NONE)
 */
public record PlanItem(String route, String assetId, String assetType, String action, String product,
                       String destination, String remotePath, List<String> companions, Long bytes, String code,
                       String reason) {
    public static final String LICENSE = "LICENSE";
    public static final String DELIVER = "DELIVER";
    public static final String SKIP = "SKIP";
}
