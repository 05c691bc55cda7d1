package io.mediarelay.photoshelter;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member session: v3 {@code mem/authenticate} with {@code mode=token} (documented, and the token works for v4
 * too), then organization authentication when the login returns an {@code org} list, as Brands/MU accounts need
 * for downloads. The token is never logged; only the organization id is.
 */
public final class SessionManager {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

    private final PhotoShelterClient client;
    private final PhotoShelterConfiguration cfg;
    private volatile String token;
    private volatile String organizationId;
    private int logins;

    SessionManager(PhotoShelterClient client, PhotoShelterConfiguration cfg) {
        this.client = client;
        this.cfg = cfg;
    }

    /** The current token, logging in first when there is none. */
    public synchronized String token() throws IOException, InterruptedException {
        if (token == null) {
            token = login();
        }
        return token;
    }

    /** Drops {@code used} if it is still current, so the next call logs in again (concurrent callers log in once). */
    public synchronized void invalidate(String used) {
        if (used != null && used.equals(token)) {
            token = null;
        }
    }

    /** Logins performed by this client (tests and metrics). */
    public synchronized int logins() { return logins; }

    public String organizationId() { return organizationId; }

    private String login() throws IOException, InterruptedException {
        if (blank(cfg.getEmail()) || blank(cfg.getPassword())) {
            throw new IllegalStateException("photoshelter: email and password must be set (camel.component.photoshelter.email/password)");
        }
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("email", cfg.getEmail());
        form.put("password", cfg.getPassword());
        form.put("mode", "token");
        JsonNode data = Envelopes.payload(client.json(client.form("POST", "/psapi/v3/mem/authenticate", form, false, null)));
        String t = data == null ? null : data.path("token").asText(null);
        if (blank(t)) {
            throw new PhotoShelterApiException(200, "NoToken", null, "PhotoShelter login returned no token (two-factor accounts are not supported)", null);
        }
        logins++;
        String org = chooseOrganization(data.path("org"));
        if (org != null) {
            client.json(client.form("POST", "/psapi/v3/mem/organization/" + org + "/authenticate", Map.of(), false, t));
            LOG.info("PhotoShelter session opened for organization {}", org);
        } else {
            LOG.info("PhotoShelter session opened");
        }
        organizationId = org;
        return t;
    }

    private String chooseOrganization(JsonNode orgs) {
        String wanted = cfg.getOrganizationId();
        if ("none".equalsIgnoreCase(wanted)) return null;
        if (!blank(wanted)) {
            for (JsonNode o : orgs) {
                if (wanted.equals(o.path("id").asText())) return wanted;
            }
            throw new IllegalStateException("photoshelter: the account is not a member of organization " + wanted);
        }
        // only one organization can be active per session: take the first, as PhotoShelter's own clients do
        return orgs.isArray() && !orgs.isEmpty() ? orgs.get(0).path("id").asText(null) : null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
