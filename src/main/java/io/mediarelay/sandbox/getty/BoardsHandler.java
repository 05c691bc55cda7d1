package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.sandbox.getty.StateModel.Board;
import io.mediarelay.sandbox.getty.StateModel.BoardAsset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Boards of the sandbox user: list, detail and adding assets. Boards are user objects, so they
 * require a token that carries a user (password or refresh_token grant).
 */
final class BoardsHandler {

    private static final Set<String> SORTS = Set.of("date_last_updated_descending", "date_last_updated_ascending",
            "name_ascending", "name_decending"); // sic: Getty's spelling

    private final SandboxState state;
    private final SandboxCatalog catalog;
    private final AssetJson json;
    private final String baseUrl;

    BoardsHandler(SandboxState state, SandboxCatalog catalog, AssetJson json, String baseUrl) {
        this.state = state;
        this.catalog = catalog;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    void register(ApiRouter router) {
        router.add("GET", "/v3/boards", this::list);
        router.add("GET", "/v3/boards/([^/]+)", this::detail);
        router.add("PUT", "/v3/boards/([^/]+)/assets", this::addMany);
        router.add("PUT", "/v3/boards/([^/]+)/assets/([^/]+)", this::addOne);
    }

    private void list(ApiCall call) throws IOException {
        call.requireUserToken();
        // the spec says pageSize (camelCase); the .NET SDK sends page_size - accept both
        String sizeName = call.query.containsKey("pageSize") ? "pageSize" : "page_size";
        int[] paging = HttpIo.paging(call.query, sizeName, 30);
        String relationship = call.param("board_relationship");
        if (relationship != null && !relationship.equals("owned") && !relationship.equals("invited")) {
            throw ApiException.badParam("board_relationship", "The value '" + relationship + "' is not valid.");
        }
        String sort = call.param("sort_order") == null ? "date_last_updated_descending" : call.param("sort_order");
        if (!SORTS.contains(sort)) throw ApiException.badParam("sort_order", "The value '" + sort + "' is not valid.");

        List<Board> boards = new ArrayList<>();
        for (Board b : state.boards()) {
            if (relationship == null || relationship.equals(b.board_relationship)) boards.add(state.board(b.id));
        }
        Comparator<Board> order = switch (sort) {
            case "date_last_updated_ascending" -> Comparator.comparing(b -> b.date_last_updated);
            case "name_ascending" -> Comparator.comparing(b -> b.name);
            case "name_decending" -> Comparator.comparing((Board b) -> b.name).reversed();
            default -> Comparator.comparing((Board b) -> b.date_last_updated).reversed();
        };
        boards.sort(order);
        List<Map<String, Object>> page = new ArrayList<>();
        int from = (paging[0] - 1) * paging[1];
        for (int i = from; i < Math.min(boards.size(), from + paging[1]); i++) {
            Board b = boards.get(i);
            Map<String, Object> m = header(b);
            BoardAsset hero = b.assets.isEmpty() ? null : b.assets.get(b.assets.size() - 1);
            m.put("hero_asset", hero == null ? null : json.boardAsset(hero.asset_id, hero.asset_type, hero.date_added));
            m.put("board_relationship", b.board_relationship);
            page.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("board_count", boards.size());
        body.put("boards", page);
        HttpIo.sendJson(call.ex, 200, body);
    }

    private void detail(ApiCall call) throws IOException {
        call.requireUserToken();
        Board b = requireBoard(call.path(1));
        Map<String, Object> m = header(b);
        List<Map<String, Object>> assets = new ArrayList<>();
        for (BoardAsset a : b.assets) assets.add(json.boardAsset(a.asset_id, a.asset_type, a.date_added));
        m.put("assets", assets);
        m.put("comment_count", 0);
        boolean owned = "owned".equals(b.board_relationship);
        Map<String, Object> perms = new LinkedHashMap<>();
        perms.put("can_delete_board", owned);
        perms.put("can_invite_to_board", owned);
        perms.put("can_update_name", owned);
        perms.put("can_update_description", owned);
        perms.put("can_add_assets", true);
        perms.put("can_remove_assets", owned);
        m.put("permissions", perms);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("invitation", owned ? baseUrl + "/boards/" + b.id + "/invitation" : null);
        links.put("share", baseUrl + "/boards/" + b.id);
        m.put("links", links);
        HttpIo.sendJson(call.ex, 200, m);
    }

    private void addOne(ApiCall call) throws IOException {
        call.requireUserToken();
        requireBoard(call.path(1));
        CatalogAsset a = catalog.find(call.path(2));
        if (a == null) throw ApiException.service(403, "AssetNotFound", "Asset not found: " + call.path(2));
        state.addToBoard(call.path(1), a.id(), a.type());
        HttpIo.sendBytes(call.ex, 201, new byte[0]);
    }

    private void addMany(ApiCall call) throws IOException {
        call.requireUserToken();
        requireBoard(call.path(1));
        JsonNode list;
        try {
            list = HttpIo.JSON.readTree(call.body());
        } catch (IOException e) {
            throw ApiException.badParam("body", "The request body is not valid JSON.");
        }
        if (list == null || !list.isArray()) throw ApiException.badParam("body", "Expected an array of {\"asset_id\":...}.");
        List<Map<String, Object>> added = new ArrayList<>();
        List<String> notAdded = new ArrayList<>();
        for (JsonNode n : list) {
            String id = n.path("asset_id").asText("");
            CatalogAsset a = catalog.find(id);
            if (a == null) {
                notAdded.add(id);
            } else {
                state.addToBoard(call.path(1), a.id(), a.type());
                added.add(Map.of("asset_id", a.id()));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assets_added", added);
        body.put("assets_not_added", notAdded);
        HttpIo.sendJson(call.ex, 201, body);
    }

    private Board requireBoard(String id) {
        Board b = state.board(id);
        if (b == null) throw ApiException.service(404, "BoardNotFound", "Board not found: " + id);
        return b;
    }

    private static Map<String, Object> header(Board b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id);
        m.put("name", b.name);
        m.put("description", b.description);
        m.put("asset_count", b.assets.size());
        m.put("date_created", b.date_created);
        m.put("date_last_updated", b.date_last_updated);
        return m;
    }
}
