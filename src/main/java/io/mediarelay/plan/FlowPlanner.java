package io.mediarelay.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.connector.CursorStore;
import io.mediarelay.connector.Watermark;
import io.mediarelay.getty.GettyConstants;
import io.mediarelay.getty.GettyHttpClient;
import io.mediarelay.getty.GettyLicenseArchive;
import io.mediarelay.getty.GettyMetadataHeaders;
import io.mediarelay.getty.LicenseEvent;
import io.mediarelay.getty.LicenseEventRepository;
import io.mediarelay.transfer.DeliveryHeaders;
import io.mediarelay.transfer.naming.RemoteNameAction;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.DefaultExchange;

/**
 * {@code mediarelay plan <flow>}: a dry run of a Getty -> FTP flow (GF1, GF2, GF3, GF6, GF7, GF8). It reads what the
 * flow's source would read (the board, or the changed license records for GF8), and for each route of the flow
 * (GF3: one per office, GF7: one per agency) says per asset what a run would do: license it (which product, downloads
 * left after the run), deliver it (destination, final remote path from the flow's naming, companions, bytes), or skip
 * it and why (already delivered per the deliveries table, seen by an earlier run, refused by the licensing checks).
 *
 * <p>Read-only by construction: only GETs to Getty (board, metadata, products) and SELECTs on the database; cursors
 * are read, never written ({@link GettyLicenseArchive#changed} reads its cursor and leaves the commit to the run).
 *
 * <p>The licensing checks are the ones {@code getty:license} applies before and at the POST: the license request key
 * ({@code <type>:<asset>:default}, shared by the flows) already LICENSED with a valid download URI is reused (no new
 * license); PENDING or UNCERTAIN blocks it (a run would fail it); otherwise a new license is charged to the account's
 * default product (the flows name none, so Getty uses the first product of {@code GET /v3/products}), refused when
 * that product is not active or has no downloads left (counting the licenses planned before it).
 */
public final class FlowPlanner {
    static final Duration REUSE_MARGIN = Duration.ofMinutes(1);
    private static final Pattern OFFICE = Pattern.compile("mediarelay\\.destinations\\.gf3-([a-z0-9-]+)\\.host");
    private static final Pattern AGENCY = Pattern.compile("mediarelay\\.gf7\\.([a-z0-9-]+)\\.naming");

    /** One route of a flow fed by a board. */
    record Lane(String flow, String route, String boardId, String destination, String directory, String agency) {
    }

    private final RuntimeConfig config;
    private final DataSource ds;
    private final GettyHttpClient getty;
    private final CamelContext camel;
    private final Clock clock;
    private final CursorStore cursors;
    private final LicenseEventRepository licenseEvents;
    private final PlanGate planGate;
    private final ObjectMapper json = new ObjectMapper();

    public FlowPlanner(RuntimeConfig config, DataSource ds, GettyHttpClient getty, CamelContext camel, Clock clock) {
        this.config = config;
        this.ds = ds;
        this.getty = getty;
        this.camel = camel;
        this.clock = clock;
        this.cursors = new CursorStore(ds);
        this.licenseEvents = new LicenseEventRepository(ds);
        this.planGate = new PlanGate(config, ds, clock);
    }

    /** Flow names {@code plan} understands: gf1 ... (or a route id starting with one). */
    public static final List<String> FLOWS = List.of("gf1", "gf2", "gf3", "gf6", "gf7", "gf8");

    public FlowPlan plan(String flowOrRoute) throws Exception {
        String arg = flowOrRoute.trim().toLowerCase(Locale.ROOT);
        String flow = arg.contains("-") ? arg.substring(0, arg.indexOf('-')) : arg;
        if (!FLOWS.contains(flow)) {
            throw new IllegalArgumentException("no plan for '" + flowOrRoute + "': plan knows " + String.join(", ", FLOWS));
        }
        if (flow.equals("gf8")) {
            return planArchive();
        }
        List<Lane> lanes = lanes(flow).stream().filter(l -> !arg.contains("-") || l.route().equals(arg)).toList();
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("no route '" + flowOrRoute + "' in flow " + flow);
        }
        List<Map<String, Object>> products = products();
        Budget budget = new Budget(products);
        List<PlanItem> items = new ArrayList<>();
        Map<String, List<JsonNode>> boards = new HashMap<>();
        Map<String, JsonNode> metadata = new HashMap<>();
        for (Lane lane : lanes) {
            List<JsonNode> board = boards.computeIfAbsent(lane.boardId(), this::boardAssets);
            fetchMetadata(board, metadata);
            items.addAll(planLane(lane, board, metadata, budget));
        }
        return new FlowPlan(flow, lanes.stream().map(Lane::route).toList(), clock.instant().toString(), items,
                budget.uses());
    }

    List<Lane> lanes(String flow) {
        List<Lane> out = new ArrayList<>();
        switch (flow) {
            // destination names as the flow files name them (mediarelay.destinations.<name>.*)
            case "gf1" -> out.add(lane(flow, "gf1-licensed-package-export", "gf1-ftp", null));
            case "gf2" -> out.add(lane(flow, "gf2-editorial-companions", "gf2-ftp", null));
            case "gf6" -> out.add(lane(flow, "gf6-large-video-delivery", "gf6-ftp", null));
            case "gf3" -> {
                for (String office : keys(OFFICE)) {
                    out.add(new Lane(flow, "gf3-curated-distribution-" + office, config.get("mediarelay.gf3.board-id"),
                            "gf3-" + office, directory("gf3-" + office), null));
                }
            }
            case "gf7" -> {
                for (String agency : keys(AGENCY)) {
                    out.add(new Lane(flow, "gf7-agency-package-" + agency, config.get("mediarelay.gf7.board-id"),
                            "gf7-" + agency, directory("gf7-" + agency), agency));
                }
            }
            default -> throw new IllegalArgumentException("no board lanes for " + flow);
        }
        return out;
    }

    private Lane lane(String flow, String route, String destination, String agency) {
        return new Lane(flow, route, config.get("mediarelay." + flow + ".board-id"), destination, directory(destination), agency);
    }

    private String directory(String destination) {
        return config.get("mediarelay.destinations." + destination + ".directory", "");
    }

    private Set<String> keys(Pattern p) {
        Set<String> out = new TreeSet<>();
        for (String k : config.properties().stringPropertyNames()) {
            Matcher m = p.matcher(k);
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private List<PlanItem> planLane(Lane lane, List<JsonNode> board, Map<String, JsonNode> metadata, Budget budget)
            throws Exception {
        Watermark wm = cursors.get(lane.route()).map(Watermark::parse).orElse(new Watermark(Instant.EPOCH));
        // one naming state per route, as in a run (remote-name-action keeps names unique per run)
        RemoteNameAction naming = new RemoteNameAction();
        List<PlanItem> out = new ArrayList<>();
        for (JsonNode a : board) {
            String id = a.path("id").asText();
            String type = type(a);
            Instant added = a.hasNonNull("date_added") ? Instant.parse(a.get("date_added").asText()) : Instant.EPOCH;
            JsonNode meta = metadata.get(id);
            Long bytes = meta == null ? null : largestDownload(meta);
            String file = id + "." + (type.equals("videos") ? "mp4" : "jpg");
            if (lane.flow().equals("gf6") && !type.equals("videos")) {
                out.add(item(lane, id, type, PlanItem.SKIP, null, null, List.of(), null, "NOT_A_VIDEO",
                        "GF6 delivers videos only"));
                continue;
            }
            Optional<String[]> done = delivered(id, "1", lane.destination());
            String path = meta == null ? null : remotePath(lane, a, type, meta, file, naming);
            if (done.isPresent()) {
                out.add(item(lane, id, type, PlanItem.SKIP, null, done.get()[0], List.of(), bytes, "ALREADY_DELIVERED",
                        "delivered to " + lane.destination() + " at " + done.get()[1]));
                continue;
            }
            if (!wm.isNew(added, id)) {
                out.add(item(lane, id, type, PlanItem.SKIP, null, path, List.of(), bytes, "BEHIND_CURSOR",
                        "seen by an earlier run but not delivered (see 'mediarelay dead-letters'); the source will not emit it again"));
                continue;
            }
            if (meta == null) {
                out.add(item(lane, id, type, PlanItem.SKIP, null, null, List.of(), null, "NOT_FOUND",
                        "Getty has no " + type + " " + id + " (metadata not found)"));
                continue;
            }
            String key = type + ":" + id + ":default";
            @SuppressWarnings("unchecked")
            io.mediarelay.license.Decision gate = planGate.decide(lane.flow(), id, type, json.convertValue(meta, Map.class));
            if (gate != null && !gate.allowed()) {
                out.add(item(lane, id, type, PlanItem.SKIP, null, path, List.of(), bytes, "GATE_" + gate.code(),
                        "the license gate would refuse this use: " + gate.reason()));
                continue;
            }
            List<String> companions = companions(lane, path);
            Optional<LicenseEvent> ev = licenseEvents.find(key);
            if (budget.plannedKeys.contains(key)) {
                out.add(item(lane, id, type, PlanItem.DELIVER, budget.plannedProduct.get(key), path, companions, bytes,
                        "REUSED", "licensed once for all routes of the flow (request key " + key + ")"));
            } else if (ev.isPresent() && ev.get().uriValidAt(clock.instant().plus(REUSE_MARGIN))) {
                out.add(item(lane, id, type, PlanItem.DELIVER, product(ev.get()), path, companions, bytes, "REUSED",
                        "license event " + ev.get().id() + " is reused (download URI valid until " + ev.get().uriExpiresAt() + ")"));
            } else if (ev.isPresent() && LicenseEvent.PENDING.equals(ev.get().status())) {
                out.add(item(lane, id, type, PlanItem.SKIP, product(ev.get()), path, companions, bytes, "LICENSE_PENDING",
                        "request key " + key + " is being licensed by another attempt since " + ev.get().claimedAt()));
            } else if (ev.isPresent() && LicenseEvent.UNCERTAIN.equals(ev.get().status())) {
                out.add(item(lane, id, type, PlanItem.SKIP, product(ev.get()), path, companions, bytes, "LICENSE_UNCERTAIN",
                        "outcome of an earlier license call is unknown (" + ev.get().detail() + "); check Getty's download"
                                + " history, then 'mediarelay licenses release " + key + "'"));
            } else {
                Budget.Verdict v = budget.take(key);
                if (v.refusal() != null) {
                    out.add(item(lane, id, type, PlanItem.SKIP, v.product(), path, companions, bytes, v.code(), v.refusal()));
                } else {
                    out.add(item(lane, id, type, PlanItem.LICENSE, v.product(), path, companions, bytes, "NEW",
                            ev.isPresent() ? "download URI of license event " + ev.get().id() + " expired: licensed again"
                                    : "new license, request key " + key));
                }
            }
        }
        return out;
    }

    /** The flow's naming: GF1 package folder, GF7 the agency's template, the others Getty's file name. */
    private String remotePath(Lane lane, JsonNode boardAsset, String type, JsonNode meta, String file, RemoteNameAction naming)
            throws Exception {
        String name = file;
        if (lane.flow().equals("gf1")) {
            Exchange e = new DefaultExchange(camel);
            e.getMessage().setHeader(GettyConstants.BOARD_ID, lane.boardId());
            e.getMessage().setHeader(GettyConstants.ASSET_ID, boardAsset.path("id").asText());
            Expression folder = camel.resolveLanguage("simple").createExpression(config.get("mediarelay.gf1.package-folder"));
            name = folder.evaluate(e, String.class) + "/" + file;
        } else if (lane.flow().equals("gf7")) {
            Exchange e = new DefaultExchange(camel);
            var m = e.getMessage();
            m.setHeader("MediarelayMetaAgency", lane.agency());
            m.setHeader(DeliveryHeaders.ASSET_ID, boardAsset.path("id").asText());
            m.setHeader(GettyConstants.ASSET_ID, boardAsset.path("id").asText());
            m.setBody(Map.of(type, List.of(json.convertValue(meta, Map.class))));
            new GettyMetadataHeaders().process(e);
            m.setHeader(Exchange.FILE_NAME, file);
            e.setProperty(RemoteNameAction.TEMPLATE_PROPERTY, config.get("mediarelay.gf7." + lane.agency() + ".naming"));
            naming.process(e);
            name = m.getHeader(Exchange.FILE_NAME, String.class);
        }
        return lane.directory() + "/" + name;
    }

    private static List<String> companions(Lane lane, String path) {
        String base = path.substring(0, path.lastIndexOf('.') > path.lastIndexOf('/') ? path.lastIndexOf('.') : path.length());
        return switch (lane.flow()) {
            case "gf2" -> List.of(path + ".json", base + ".xmp");
            case "gf7" -> List.of(path + ".json", base + ".instructions.txt");
            default -> List.of(path + ".json");
        };
    }

    // ---- GF8 -------------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private FlowPlan planArchive() throws Exception {
        String route = "gf8-scheduled-archive";
        String destination = "gf8-ftp";
        String dir = directory(destination);
        GettyLicenseArchive archive = new GettyLicenseArchive(ds);
        Exchange changed = new DefaultExchange(camel);
        archive.changed(changed, route);
        List<Map<String, Object>> rows = changed.getMessage().getBody(List.class);
        Map<String, JsonNode> metadata = new HashMap<>();
        List<JsonNode> assets = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            assets.add(json.createObjectNode().put("id", String.valueOf(r.get("assetId")))
                    .put("asset_type", String.valueOf(r.get("assetType"))));
        }
        fetchMetadata(assets, metadata);
        List<PlanItem> items = new ArrayList<>();
        Lane lane = new Lane("gf8", route, null, destination, dir, null);
        for (Map<String, Object> r : rows) {
            Exchange e = new DefaultExchange(camel);
            e.getMessage().setBody(new LinkedHashMap<>(r));
            archive.record(e);
            var m = e.getMessage();
            String asset = m.getHeader(DeliveryHeaders.ASSET_ID, String.class);
            String type = String.valueOf(r.get("assetType"));
            String recordPath = dir + "/" + m.getHeader(Exchange.FILE_NAME, String.class);
            Long recordBytes = m.getHeader(DeliveryHeaders.BYTES, Long.class);
            Optional<String[]> done = delivered(asset, m.getHeader(DeliveryHeaders.ASSET_VERSION, String.class), destination);
            String product = r.get("productId") + (r.get("productType") == null ? "" : " " + r.get("productType"));
            if (done.isPresent()) {
                items.add(item(lane, asset, type, PlanItem.SKIP, product, done.get()[0], List.of(), recordBytes,
                        "ALREADY_DELIVERED", "this version of license event " + r.get("licenseEventId") + " was archived at "
                                + done.get()[1]));
                continue;
            }
            boolean withAsset = Boolean.TRUE.equals(m.getHeader(GettyLicenseArchive.URI_VALID, Boolean.class));
            JsonNode meta = metadata.get(asset);
            List<String> companions = withAsset
                    ? List.of(dir + "/assets/" + asset + "." + (type.startsWith("video") ? "mp4" : "jpg")) : List.of();
            items.add(item(lane, asset, type, PlanItem.DELIVER, product, recordPath, companions,
                    withAsset && meta != null ? Long.valueOf(recordBytes + largestDownload(meta)) : recordBytes, "NONE",
                    withAsset ? "record + asset re-downloaded with the recorded URI (no new license)"
                            : "record only: the recorded download URI expired (re-downloading would cost a license)"));
        }
        return new FlowPlan("gf8", List.of(route), clock.instant().toString(), items, List.of());
    }

    // ---- reads -----------------------------------------------------------------------------------------------------

    private List<JsonNode> boardAssets(String boardId) {
        try {
            List<JsonNode> out = new ArrayList<>();
            getty.get("/v3/boards/" + boardId, Map.of()).path("assets").forEach(out::add);
            // the order the board source emits them in
            out.sort(Comparator.comparing((JsonNode a) -> a.path("date_added").asText("")).thenComparing(a -> a.path("id").asText()));
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("could not read Getty board " + boardId + ": " + e.getMessage(), e);
        }
    }

    /** Same fields as the flows' getty-metadata-action (detail_set: title, credit, download_sizes, ...). */
    private void fetchMetadata(List<JsonNode> assets, Map<String, JsonNode> into) throws Exception {
        for (String type : List.of("images", "videos")) {
            List<String> ids = assets.stream()
                    .filter(a -> type.equals(type(a)))
                    .map(a -> a.path("id").asText()).filter(id -> !into.containsKey(id)).distinct().toList();
            for (int i = 0; i < ids.size(); i += 100) {
                List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 100));
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("ids", String.join(",", chunk));
                q.put("fields", "detail_set");
                getty.get("/v3/" + type, q).path(type).forEach(n -> into.put(n.path("id").asText(), n));
            }
        }
    }

    private List<Map<String, Object>> products() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        getty.get("/v3/products", Map.of("fields", "download_requirements")).path("products")
                .forEach(n -> out.add(json.convertValue(n, LinkedHashMap.class)));
        return out;
    }

    /** Board items say "image"/"video", license records "images"/"videos": the path segment either way. */
    private static String type(JsonNode asset) {
        return asset.path("asset_type").asText("image").toLowerCase(Locale.ROOT).startsWith("video") ? "videos" : "images";
    }

    private static Long largestDownload(JsonNode meta) {
        long max = -1;
        for (JsonNode s : meta.path("download_sizes")) {
            max = Math.max(max, s.path("bytes").asLong(-1));
        }
        return max < 0 ? null : max;
    }

    /** remote path and finish time of a completed delivery of this asset version to the destination. */
    private Optional<String[]> delivered(String assetId, String version, String destination) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT remote_path, finished_at FROM deliveries WHERE asset_id = ?"
                     + " AND asset_version = ? AND destination = ? AND outcome = 'DELIVERED' ORDER BY id")) {
            ps.setString(1, assetId);
            ps.setString(2, version);
            ps.setString(3, destination);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), String.valueOf(rs.getTimestamp(2))})
                        : Optional.empty();
            }
        }
    }

    private static String product(LicenseEvent e) {
        return e.productId() == null ? null : e.productId() + (e.productType() == null ? "" : " " + e.productType());
    }

    private static PlanItem item(Lane lane, String asset, String type, String action, String product, String path,
                                 List<String> companions, Long bytes, String code, String reason) {
        return new PlanItem(lane.route(), asset, type, action, product, lane.destination(), path, companions, bytes,
                code, reason);
    }

    /** Downloads left per product while the plan hands out new licenses. */
    static final class Budget {
        record Verdict(String product, String code, String refusal) {
        }

        private final Map<String, Object> product;
        private final Integer remaining;
        private int planned;
        final Set<String> plannedKeys = new HashSet<>();
        final Map<String, String> plannedProduct = new HashMap<>();

        Budget(List<Map<String, Object>> products) {
            // the flows name no product: Getty charges the account's default, the first one it lists
            this.product = products.isEmpty() ? null : products.get(0);
            Object left = product == null ? null : product.get("downloads_remaining");
            this.remaining = left instanceof Number n ? n.intValue() : null;
        }

        String label() {
            return product == null ? null : product.get("id") + " " + product.get("type");
        }

        Verdict take(String key) {
            if (product == null) {
                return new Verdict(null, "NO_PRODUCT_ACCESS", "the account has no Getty download product");
            }
            if (!"active".equals(String.valueOf(product.get("status")))) {
                return new Verdict(label(), "NO_PRODUCT_ACCESS", "product " + label() + " is " + product.get("status")
                        + ": Getty would refuse the license (NoAccessToProductType)");
            }
            if (remaining != null && remaining - planned <= 0) {
                return new Verdict(label(), "DOWNLOAD_LIMIT_REACHED", "product " + label() + " has no downloads left"
                        + " this period (limit " + product.get("download_limit") + ", " + remaining + " left before this run,"
                        + " " + planned + " planned before this asset): Getty would refuse it (OverageLimitReached)");
            }
            planned++;
            plannedKeys.add(key);
            plannedProduct.put(key, label());
            return new Verdict(label(), "NEW", null);
        }

        List<FlowPlan.ProductUse> uses() {
            if (product == null) {
                return List.of();
            }
            return List.of(new FlowPlan.ProductUse(String.valueOf(product.get("id")), String.valueOf(product.get("name")),
                    String.valueOf(product.get("type")), remaining, planned, remaining == null ? null : remaining - planned));
        }
    }
}
