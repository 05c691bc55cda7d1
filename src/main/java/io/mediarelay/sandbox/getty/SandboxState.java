package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mediarelay.sandbox.getty.StateModel.Board;
import io.mediarelay.sandbox.getty.StateModel.BoardAsset;
import io.mediarelay.sandbox.getty.StateModel.Download;
import io.mediarelay.sandbox.getty.StateModel.Product;
import io.mediarelay.sandbox.getty.StateModel.UsageBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Everything a client can change: products' remaining downloads, download history, usage batches
 * and boards. All access goes through this object's monitor, which keeps "check remaining, decrement,
 * record" atomic. With a {@code dataDir} every mutation is written through to one JSON file per
 * section (atomic rename), so a restarted sandbox continues where the last one stopped.
 */
final class SandboxState {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dataDir;
    private List<Product> products;
    private List<Download> downloads;
    private Map<String, UsageBatch> usageBatches;
    private List<Board> boards;
    private final boolean redownloadsFree;

    SandboxState(Path dataDir, SandboxCatalog catalog, GettySandboxConfig config) {
        this.dataDir = dataDir;
        this.redownloadsFree = config.redownloadsFree();
        this.products = load("products.json", new TypeReference<>() { }, () -> seedProducts(config));
        this.downloads = load("downloads.json", new TypeReference<>() { }, ArrayList::new);
        this.usageBatches = load("usage-batches.json", new TypeReference<>() { }, LinkedHashMap::new);
        this.boards = load("boards.json", new TypeReference<>() { }, () -> seedBoards(catalog, config.seed));
    }

    // ---- products and licensing ---------------------------------------------------------------

    synchronized List<Product> products() {
        return List.copyOf(products);
    }

    synchronized Product product(int id) {
        return products.stream().filter(p -> p.id == id).findFirst().orElse(null);
    }

    synchronized Product productOfType(String type) {
        return products.stream().filter(p -> p.type.equals(type)).findFirst().orElse(null);
    }

    Product defaultProduct() {
        return products().get(0);
    }

    /**
     * Atomically consumes one download of {@code product} and records the licence.
     *
     * @throws ApiException 403 OverageLimitReached when nothing remains
     */
    synchronized Download license(Product product, Download record) {
        if (redownloadsFree && downloads.stream().anyMatch(d -> !d.redownload && d.id.equals(record.id)
                && d.product_id == record.product_id && java.util.Objects.equals(d.username, record.username))) {
            record.redownload = true; // re-download rights: nothing consumed, no new licence
            downloads.add(record);
            save("downloads.json", downloads);
            return record;
        }
        if (product.downloads_remaining <= 0) {
            throw ApiException.service(403, "OverageLimitReached",
                    "The download limit of product " + product.id + " has been reached for this period.");
        }
        product.downloads_remaining--;
        downloads.add(record);
        save("products.json", products);
        save("downloads.json", downloads);
        return record;
    }

    synchronized List<Download> downloads() {
        return List.copyOf(downloads);
    }

    // ---- usage batches ------------------------------------------------------------------------

    synchronized boolean hasUsageBatch(String id) {
        return usageBatches.containsKey(id);
    }

    /** Records a batch; false if the id was already used (the caller answers 409). */
    synchronized boolean addUsageBatch(UsageBatch batch) {
        if (usageBatches.containsKey(batch.id)) return false;
        usageBatches.put(batch.id, batch);
        save("usage-batches.json", usageBatches);
        return true;
    }

    synchronized int usageBatchCount() {
        return usageBatches.size();
    }

    synchronized Map<String, Integer> usageTotals() {
        Map<String, Integer> totals = new java.util.TreeMap<>();
        usageBatches.values().forEach(b -> b.asset_usages.forEach(u -> totals.merge(u.asset_id, u.quantity, Integer::sum)));
        return totals;
    }

    // ---- boards -------------------------------------------------------------------------------

    synchronized List<Board> boards() {
        return List.copyOf(boards);
    }

    /** A deep-enough copy of one board for rendering outside the lock, or null. */
    synchronized Board board(String id) {
        Board b = boards.stream().filter(x -> x.id.equals(id)).findFirst().orElse(null);
        if (b == null) return null;
        Board copy = new Board();
        copy.id = b.id;
        copy.name = b.name;
        copy.description = b.description;
        copy.board_relationship = b.board_relationship;
        copy.date_created = b.date_created;
        copy.date_last_updated = b.date_last_updated;
        copy.assets = new ArrayList<>(b.assets);
        return copy;
    }

    /** Adds an asset now; false if the board does not exist, true also if it was already there. */
    synchronized boolean addToBoard(String boardId, String assetId, String assetType) {
        Board b = boards.stream().filter(x -> x.id.equals(boardId)).findFirst().orElse(null);
        if (b == null) return false;
        if (b.assets.stream().anyMatch(a -> a.asset_id.equals(assetId))) return true;
        String now = Instant.now().toString();
        b.assets.add(boardAsset(assetId, assetType, now));
        b.date_last_updated = now;
        save("boards.json", boards);
        return true;
    }

    // ---- seeding ------------------------------------------------------------------------------

    private static List<Product> seedProducts(GettySandboxConfig config) {
        List<Product> list = new ArrayList<>();
        list.add(product(10001, "Sandbox Easy-Access", "easyaccess", config.downloadLimit));
        list.add(product(10002, "Sandbox Editorial Subscription", "editorialsubscription", config.downloadLimit));
        return list;
    }

    private static Product product(int id, String name, String type, int limit) {
        Product p = new Product();
        p.id = id;
        p.name = name;
        p.type = type;
        p.agreement_name = name + " Agreement";
        p.download_limit = limit;
        p.downloads_remaining = limit;
        return p;
    }

    private static List<Board> seedBoards(SandboxCatalog catalog, long seed) {
        Random rnd = new Random(seed * 31 + 7);
        Instant created = SandboxCatalog.EPOCH.plus(10, ChronoUnit.DAYS);
        List<Board> list = new ArrayList<>();
        Board approved = board(new UUID(rnd.nextLong(), rnd.nextLong()).toString(), "Approved - Spring Campaign",
                "Assets approved by the brand team for the spring campaign", "owned", created);
        List<CatalogAsset> picks = new ArrayList<>();
        catalog.images().stream().limit(6).forEach(picks::add);
        catalog.videos().stream().limit(2).forEach(picks::add);
        addSeeded(approved, picks, created);
        list.add(approved);
        Board editorial = board(new UUID(rnd.nextLong(), rnd.nextLong()).toString(), "Editorial picks",
                "Shared by the news desk", "invited", created.plus(1, ChronoUnit.DAYS));
        addSeeded(editorial, catalog.images().stream().filter(CatalogAsset::isEditorial).limit(3).toList(),
                created.plus(1, ChronoUnit.DAYS));
        list.add(editorial);
        return list;
    }

    private static Board board(String id, String name, String description, String relationship, Instant created) {
        Board b = new Board();
        b.id = id;
        b.name = name;
        b.description = description;
        b.board_relationship = relationship;
        b.date_created = created.toString();
        b.date_last_updated = created.toString();
        return b;
    }

    private static void addSeeded(Board b, List<CatalogAsset> assets, Instant start) {
        Instant t = start;
        for (CatalogAsset a : assets) {
            t = t.plus(1, ChronoUnit.HOURS);
            b.assets.add(boardAsset(a.id(), a.type(), t.toString()));
        }
        b.date_last_updated = t.toString();
    }

    private static BoardAsset boardAsset(String id, String type, String dateAdded) {
        BoardAsset a = new BoardAsset();
        a.asset_id = id;
        a.asset_type = type;
        a.date_added = dateAdded;
        return a;
    }

    // ---- persistence --------------------------------------------------------------------------

    private <T> T load(String file, TypeReference<T> type, java.util.function.Supplier<T> seed) {
        if (dataDir != null) {
            Path p = dataDir.resolve(file);
            if (Files.exists(p)) {
                try {
                    return JSON.readValue(p.toFile(), type);
                } catch (IOException e) {
                    throw new UncheckedIOException("Corrupt sandbox state file " + p, e);
                }
            }
        }
        T value = seed.get();
        save(file, value);
        return value;
    }

    /** Write-through: temp file + atomic rename so a crash never leaves a half-written file. */
    private void save(String file, Object value) {
        if (dataDir == null) return;
        try {
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(file + ".tmp");
            JSON.writeValue(tmp.toFile(), value);
            Files.move(tmp, dataDir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot persist sandbox state to " + dataDir, e);
        }
    }
}
