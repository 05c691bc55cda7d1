package io.mediarelay.photoshelter.intake;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.mediarelay.config.RuntimeConfig;

/** Beans of the PhotoShelter upload sink and the intake flows PF1/PF2; called once from RuntimeBeans. */
public final class PhotoShelterIntakeBeans {

    private PhotoShelterIntakeBeans() {
    }

    public static void bind(BiConsumer<String, Object> beans, RuntimeConfig config, DataSource dataSource) {
        beans.accept("photoShelterUploadPrepare", new PhotoShelterUploadSteps.Prepare());
        beans.accept("photoShelterUploadMetadata", new PhotoShelterUploadSteps.Metadata());
        ImageCheck check = new ImageCheck(extensions(config.get("mediarelay.pf1.allowed-extensions", "")));
        beans.accept("imageCheck", new ImageCheckAction(check));
        beans.accept("pf1Prepare", new Pf1Steps.Prepare());
        beans.accept("pf1Reason", new Pf1Steps.Reason());
        beans.accept("pf1RestoreName", new Pf1Steps.Restore());
        ImageCheck pf2Check = new ImageCheck(extensions(config.get("mediarelay.pf2.allowed-extensions", "")));
        ArchiveMigration migration = new ArchiveMigration(dataSource, config.get("mediarelay.pf2.collection", "Archive"),
                config.get("mediarelay.pf2.root-gallery", "Archive root"), pf2Check, config.getInt("mediarelay.pf2.workers", 4),
                config.getInt("mediarelay.pf2.batch-size", 200));
        beans.accept("pf2Migration", migration);
        beans.accept("pf2Claim", new Pf2Steps.Claim(migration.progress()));
        beans.accept("pf2Done", new Pf2Steps.Done(migration.progress()));
    }

    static Set<String> extensions(String csv) {
        return Arrays.stream(csv == null ? new String[0] : csv.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
