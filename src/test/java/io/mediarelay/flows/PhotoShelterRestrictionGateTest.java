package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 finding 1, through the real PF3 flow: the sandbox's spring-2 carries the PhotoShelter restriction
 * "No print use." (SandboxSeed). Before, PF3 delivered it to a print partner and its companion said
 * {@code "restrictions": null}; the restriction table (config/restrictions.csv) now refuses it with RESTRICTED and the
 * rule's sentence, and a web delivery's companion carries the text and the rules applied.
 */
class PhotoShelterRestrictionGateTest {
    static final String FLOW = "pf3-partner-distribution";

    @TempDir
    Path data;

    @Test
    void noPrintUseIsRefusedForPrintWithTheSentenceOfTheRule() throws Exception {
        Properties p = PsFlowRuntime.overrides(data, "pf3");
        p.setProperty("mediarelay.pf3.channel", "print");
        try (PsFlowRuntime rt = PsFlowRuntime.start(p)) {
            String spring2 = rt.mediaId("spring-2.jpg");
            await().atMost(Duration.ofSeconds(60)).until(() -> reasons(rt).stream().anyMatch(r -> r.contains(spring2)));
            String reason = reasons(rt).stream().filter(r -> r.contains(spring2)).findFirst().orElseThrow();
            assertTrue(reason.contains("[RESTRICTED]"), reason);
            assertTrue(reason.contains("No print use: not for channel print."), "the sentence of the rule: " + reason);
            assertTrue(reason.contains("(No print use.)"), "the restriction text: " + reason);
            assertEquals(List.of(), rt.delivered(FLOW), "nothing delivered to the print partner");
            assertEquals(List.of(), files(rt.ftpRoot.resolve("pf3-partner")));
        }
    }

    @Test
    void aWebDeliveryCarriesTheRestrictionTextAndTheRulesApplied() throws Exception {
        try (PsFlowRuntime rt = PsFlowRuntime.start(PsFlowRuntime.overrides(data, "pf3"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(FLOW).size() == 2);
            JsonNode companion = new ObjectMapper().readTree(rt.ftpRoot.resolve("pf3-partner/spring-2.jpg.json").toFile());
            assertEquals("No print use.", companion.path("restrictions").asText(), companion.toPrettyString());
            assertEquals("No print use: not for channel print.", companion.path("restrictionRules").path(0).asText(),
                    companion.toPrettyString());
            JsonNode unrestricted = new ObjectMapper().readTree(rt.ftpRoot.resolve("pf3-partner/spring-1.jpg.json").toFile());
            assertTrue(unrestricted.path("restrictions").isNull(), unrestricted.toPrettyString());
            assertEquals(0, unrestricted.path("restrictionRules").size());
        }
    }

    private static List<String> reasons(PsFlowRuntime rt) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var c = rt.runtime.dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT reason FROM dead_letters WHERE route_id = '" + FLOW + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
