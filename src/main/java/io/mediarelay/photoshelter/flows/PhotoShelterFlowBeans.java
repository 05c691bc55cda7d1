package io.mediarelay.photoshelter.flows;

import java.util.function.BiConsumer;

import io.mediarelay.license.LicenseRegistry;

/**
 * The beans the PhotoShelter -> FTP flows (PF3-PF8) name in their route files, bound with one call from
 * RuntimeBeans so merges with other flows' beans stay one line each.
 */
public final class PhotoShelterFlowBeans {
    private PhotoShelterFlowBeans() {
    }

    public static void bind(BiConsumer<String, Object> bind, LicenseRegistry licenses) {
        bind.accept("psMetadataHeaders", new PsMetadataHeaders());
        bind.accept("psApproval", new PsApproval(licenses));
    }
}
