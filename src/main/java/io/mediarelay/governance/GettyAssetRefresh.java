package io.mediarelay.governance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import io.mediarelay.license.Asset;
import io.mediarelay.license.GettyLicenseImport;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.webhook.RegistryChangeScanner;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asset updated / usage terms changed (route {@code gh-asset-refresh}): re-reads the Getty metadata of every
 * licensed Getty asset, compares it with the registry's copy and, where Getty changed something, updates the
 * asset row and the Getty-derived part of its licenses' restrictions, then announces the change through the
 * webhook outbox ({@code asset.updated}, and {@code usage.terms_changed} for each license whose terms moved).
 *
 * <p>Once per change: announcing goes through {@link RegistryChangeScanner}, which claims each version's content
 * hash in {@code alerts_sent}; the periodic scan, a second node or a re-run after a crash find the claim and stay
 * quiet. Before the write the old version is claimed silently, so the change is announced even if the scan never
 * saw the old version. No change, no write, no event.
 */
public final class GettyAssetRefresh {
    private static final Logger LOG = LoggerFactory.getLogger(GettyAssetRefresh.class);
    /** Getty's cap on ids per metadata call. */
    public static final int MAX_IDS = 100;
    public static final String FIELDS = "id,title,artist,credit_line,license_model,asset_family,allowed_use";

    private final DataSource dataSource;
    private final LicenseRegistry registry;
    private final RegistryChangeScanner announcer;

    public GettyAssetRefresh(DataSource dataSource, LicenseRegistry registry, RegistryChangeScanner announcer) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.announcer = announcer;
    }

    /** Body := the licensed Getty asset ids in chunks of at most 100 (one getty:metadata call each). */
    public Processor idsStep() {
        return exchange -> exchange.getMessage().setBody(chunks(licensedAssetIds()));
    }

    /**
     * Body: a getty:metadata result ({@code images}/{@code videos} + {@code *_not_found}). Applies the found assets;
     * body := the ids not found, so the route can ask for them as videos (the registry does not know the type).
     */
    public Processor applyStep() {
        return exchange -> {
            Map<?, ?> result = exchange.getMessage().getBody(Map.class);
            String type = result.containsKey("videos") ? "videos" : "images";
            int changed = 0;
            if (result.get(type) instanceof List<?> found) {
                for (Object o : found) {
                    if (o instanceof Map<?, ?> m) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> meta = (Map<String, Object>) m;
                        changed += apply(meta) ? 1 : 0;
                    }
                }
            }
            exchange.getMessage().setHeader("MediarelayAssetsChanged",
                    changed + exchange.getMessage().getHeader("MediarelayAssetsChanged", 0, Integer.class));
            Object notFound = result.get(type + "_not_found");
            exchange.getMessage().setBody(notFound instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>());
        };
    }

    /** Compares one asset's Getty metadata with the registry; true when it changed (and was written + announced). */
    public boolean apply(Map<String, Object> metadata) throws SQLException {
        Asset fresh = GettyLicenseImport.asset(metadata, null);
        Asset current = currentAsset(fresh.assetId());
        if (current != null && same(current, fresh)) {
            return false;
        }
        List<License> licenses = registry.licensesOf(fresh.assetId()).stream()
                .filter(l -> GettyLicenseImport.SOURCE.equals(l.source())).toList();
        // claim the versions as they are now (silently, if nobody recorded them yet), so the change below counts
        announcer.announceAsset(GettyLicenseImport.SOURCE, fresh.assetId());
        for (License l : licenses) {
            announcer.announceLicense(l.licenseId());
        }
        registry.upsertAsset(fresh);
        String before = current == null ? null : current.restrictions();
        for (License l : licenses) {
            String restrictions = replaceGettyPart(l.restrictions(), before, fresh.restrictions());
            if (!Objects.equals(restrictions, l.restrictions()) || !Objects.equals(l.licenseModel(), fresh.licenseModel())) {
                registry.putLicense(new License(l.licenseId(), l.source(), l.assetId(), fresh.licenseModel(),
                        l.productType(), l.productId(), l.agreement(), l.territories(), l.channels(), l.startDate(),
                        l.endDate(), l.campaign(), l.cost(), l.currency(), l.costCenter(), restrictions, l.usageLimit(),
                        l.usedCount(), l.licenseEvent()));
            }
        }
        int events = announcer.announceAsset(GettyLicenseImport.SOURCE, fresh.assetId());
        for (License l : licenses) {
            events += announcer.announceLicense(l.licenseId());
        }
        LOG.info("Getty asset {} changed at Getty: registry updated, {} webhook event(s) queued", fresh.assetId(), events);
        return true;
    }

    /**
     * A Getty license's restrictions are the asset's Getty restrictions followed by the agreement's own
     * ({@link GettyLicenseImport}): swap the Getty part, keep the agreement's.
     */
    static String replaceGettyPart(String licenseRestrictions, String oldGetty, String newGetty) {
        String own = licenseRestrictions;
        if (own != null && oldGetty != null && own.startsWith(oldGetty)) {
            own = own.substring(oldGetty.length()).trim();
        }
        own = own == null || own.isBlank() ? null : own;
        return newGetty == null ? own : own == null ? newGetty : newGetty + " " + own;
    }

    private static boolean same(Asset a, Asset b) {
        return Objects.equals(a.title(), b.title()) && Objects.equals(a.artist(), b.artist())
                && Objects.equals(a.credit(), b.credit()) && Objects.equals(a.licenseModel(), b.licenseModel())
                && Objects.equals(a.assetFamily(), b.assetFamily()) && Objects.equals(a.restrictions(), b.restrictions());
    }

    private Asset currentAsset(String assetId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT title, artist, credit, license_model, asset_family,"
                     + " restrictions FROM assets WHERE source = ? AND asset_id = ?")) {
            ps.setString(1, GettyLicenseImport.SOURCE);
            ps.setString(2, assetId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Asset(GettyLicenseImport.SOURCE, assetId, rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)) : null;
            }
        }
    }

    List<String> licensedAssetIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT asset_id FROM licenses WHERE source = ?"
                     + " ORDER BY asset_id")) {
            ps.setString(1, GettyLicenseImport.SOURCE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    static List<List<String>> chunks(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += MAX_IDS) {
            out.add(new ArrayList<>(ids.subList(i, Math.min(ids.size(), i + MAX_IDS))));
        }
        return out;
    }
}
