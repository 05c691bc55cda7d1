package io.mediarelay.sandbox.getty;

import io.mediarelay.sandbox.getty.StateModel.Product;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v3/products[?fields=download_requirements]}: the user's download agreements. */
final class ProductsHandler {

    private final SandboxState state;

    ProductsHandler(SandboxState state) {
        this.state = state;
    }

    void register(ApiRouter router) {
        router.add("GET", "/v3/products", this::products);
    }

    private void products(ApiCall call) throws IOException {
        call.requireToken();
        boolean requirements = false;
        String fields = call.param("fields");
        if (fields != null) {
            for (String f : fields.split(",")) {
                if (f.isBlank()) continue;
                if (!f.trim().equals("download_requirements")) {
                    throw ApiException.service(400, "InvalidRequestParameters",
                            "Field: fields, Message: The value '" + f.trim() + "' is not valid.");
                }
                requirements = true;
            }
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String reset = today.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String expiry = today.plusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Product p : state.products()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id);
            m.put("name", p.name);
            m.put("type", p.type);
            m.put("status", p.status);
            m.put("agreement_name", p.agreement_name);
            m.put("application_website", null);
            m.put("credits_remaining", null);
            m.put("download_limit", p.download_limit);
            m.put("download_limit_duration", p.download_limit_duration);
            m.put("download_limit_reset_utc_date", reset);
            m.put("downloads_remaining", p.downloads_remaining);
            m.put("expiration_utc_date", expiry);
            m.put("imagepack_resolution", null);
            m.put("team_credits", null);
            Map<String, Object> overage = new LinkedHashMap<>();
            overage.put("limit", 0);
            overage.put("remaining", 0);
            overage.put("count", 0);
            overage.put("overages_reached", p.downloads_remaining <= 0);
            m.put("overage", overage);
            if (requirements) {
                Map<String, Object> req = new LinkedHashMap<>();
                req.put("is_note_required", p.is_note_required);
                req.put("is_project_code_required", p.is_project_code_required);
                req.put("project_codes", List.of());
                m.put("download_requirements", req);
            }
            list.add(m);
        }
        HttpIo.sendJson(call.ex, 200, Map.of("products", list));
    }
}
