package io.mediarelay.photoshelter.flows;

import java.time.Clock;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import io.mediarelay.license.LicenseRegistry;

/**
 * The beans the PhotoShelter -> FTP flows (PF3-PF8) name in their route files, bound with one call from
 * RuntimeBeans so merges with other flows' beans stay one line each.
 */
public final class PhotoShelterFlowBeans {
    private PhotoShelterFlowBeans() {
    }

    public static void bind(BiConsumer<String, Object> bind, DataSource dataSource, LicenseRegistry licenses, Clock clock) {
        bind.accept("psMetadataHeaders", new PsMetadataHeaders());
        bind.accept("psApproval", new PsApproval(licenses));
        bind.accept("psMetadataImport", new MetadataImport());
        MetadataExport export = new MetadataExport(dataSource, licenses, clock);
        bind.accept("psMetadataExportChanged", export.changed());
        bind.accept("psMetadataExportCommit", export.commit());
        Submissions submissions = new Submissions(dataSource, clock);
        bind.accept("psSubmissionBatch", submissions.batch());
        bind.accept("psSubmissionStaged", submissions.staged());
        bind.accept("psSubmissionPending", submissions.pending());
        bind.accept("psSubmissionPublished", submissions.published());
    }
}
