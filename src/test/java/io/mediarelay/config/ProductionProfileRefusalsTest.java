package io.mediarelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * Finding 7 (refusals): the production profile refuses any sandbox credential of the embedded profile, naming the
 * environment variable it came from (never the value), and a missing variable is named first, not the property.
 */
class ProductionProfileRefusalsTest {
    private static final Path CONFIG = Path.of("config").toAbsolutePath();

    /** The variables config/application-production.properties requires (no default). */
    static Map<String, String> minimumEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("MEDIARELAY_DB_URL", "jdbc:h2:mem:prod");
        env.put("MEDIARELAY_DB_USER", "relay");
        env.put("MEDIARELAY_DB_PASSWORD", "db-secret-1");
        env.put("MEDIARELAY_ADMIN_TOKEN", "admin-secret-1");
        env.put("MEDIARELAY_DROPFOLDER_INBOX", "/srv/inbox");
        env.put("MEDIARELAY_DROPFOLDER_FTP_HOST", "ftp.example.com");
        env.put("MEDIARELAY_DROPFOLDER_FTP_USER", "relay");
        env.put("MEDIARELAY_DROPFOLDER_FTP_PASSWORD", "ftp-secret-1");
        env.put("GETTY_API_KEY", "getty-key-1");
        env.put("GETTY_CLIENT_SECRET", "getty-secret-1");
        return env;
    }

    private static RuntimeConfig load(Map<String, String> env, Properties overrides) {
        return RuntimeConfigAccess.load(CONFIG, "production", overrides, env);
    }

    @Test
    void theMinimumLoads() {
        RuntimeConfig config = load(minimumEnvironment(), new Properties());
        assertEquals("admin-secret-1", config.get("mediarelay.admin.token"));
    }

    @Test
    void everySandboxCredentialOfTheEmbeddedProfileIsRefusedNamingItsVariable() {
        Map<String, String> cases = Map.of(
                "MEDIARELAY_ADMIN_TOKEN", "sandbox-admin-token",
                "MEDIARELAY_API_PORTAL_KEY", "sandbox-portal-key",
                "MEDIARELAY_API_APPROVER_KEY", "sandbox-approver-key",
                "MEDIARELAY_DROPFOLDER_FTP_PASSWORD", "sandbox-ftp-password",
                "GETTY_CLIENT_SECRET", "sandbox-secret",
                "GETTY_PASSWORD", "sandbox-password",
                "PHOTOSHELTER_API_KEY", "sandbox-ps-api-key",
                "PHOTOSHELTER_PASSWORD", "sandbox-ps-password");
        cases.forEach((variable, value) -> {
            Map<String, String> env = minimumEnvironment();
            env.put(variable, value);
            ConfigException e = assertThrows(ConfigException.class, () -> load(env, new Properties()), variable);
            assertTrue(e.getMessage().startsWith("the production profile refuses a sandbox credential: environment variable "
                    + variable + " ("), e.getMessage());
            assertFalse(e.getMessage().contains(value), "the value is never printed: " + e.getMessage());
        });
    }

    @Test
    void aSandboxCredentialSetAsPropertyIsRefusedNamingTheProperty() {
        Properties set = new Properties();
        set.setProperty("mediarelay.webhooks.receivers.publishing.secret", "sandbox-webhook-secret-publishing");
        ConfigException e = assertThrows(ConfigException.class, () -> load(minimumEnvironment(), set));
        assertTrue(e.getMessage().contains("property mediarelay.webhooks.receivers.publishing.secret"), e.getMessage());
        assertFalse(e.getMessage().contains("sandbox-webhook-secret-publishing"), e.getMessage());
    }

    @Test
    void aMissingVariableIsNamedFirst() {
        Map<String, String> env = minimumEnvironment();
        env.remove("GETTY_API_KEY");
        ConfigException e = assertThrows(ConfigException.class, () -> load(env, new Properties()));
        assertTrue(e.getMessage().startsWith("environment variable GETTY_API_KEY is not set"), e.getMessage());
    }

    @Test
    void aBadValueNamesItsVariable() {
        Map<String, String> env = minimumEnvironment();
        env.put("MEDIARELAY_MANAGEMENT_PORT", "ninety");
        ConfigException e = assertThrows(ConfigException.class, () -> load(env, new Properties()).getInt("camel.management.port", 0));
        assertEquals("environment variable MEDIARELAY_MANAGEMENT_PORT (camel.management.port) must be a whole number, got 'ninety'",
                e.getMessage());
    }

    @Test
    void theEmbeddedProfileKeepsItsSandboxCredentials() {
        assertEquals("sandbox-admin-token", RuntimeConfigAccess.load(CONFIG, "embedded", new Properties(), Map.of())
                .get("mediarelay.admin.token"));
    }
}
