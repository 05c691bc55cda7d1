package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PF5: metadata batches dropped on the FTP server update PhotoShelter (validated as a whole first; both policies;
 * bad input reported by line), and changed metadata is exported back to FTP as CSV.
 */
class PhotoShelterMetadataSyncTest {
    @TempDir
    Path data;

    static Properties overrides(Path data, String policy) {
        Properties o = PsFlowRuntime.overrides(data, "pf5");
        o.setProperty("mediarelay.pf5.policy", policy);
        o.setProperty("mediarelay.pf5.poll-delay-ms", "200");
        o.setProperty("mediarelay.pf5.read-lock-min-age-ms", "200");
        return o;
    }

    /** Writes the batch next to the inbox and moves it in, as an FTP client finishing an upload would. */
    static void drop(PsFlowRuntime rt, String name, String content) throws Exception {
        Path inbox = rt.ftpRoot.resolve("pf5-metadata/inbox");
        Files.createDirectories(inbox);
        Path tmp = rt.ftpRoot.resolve("pf5-metadata/" + name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static List<String> report(PsFlowRuntime rt, String name) throws Exception {
        Path r = rt.ftpRoot.resolve("pf5-metadata/reports/" + name + ".report.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(r) && Files.exists(rt.ftpRoot.resolve("pf5-metadata/inbox/.done/" + name))
                || Files.exists(r) && Files.exists(rt.ftpRoot.resolve("pf5-metadata/inbox/.error/" + name)));
        return Files.readAllLines(r);
    }

    static boolean movedTo(PsFlowRuntime rt, String dir, String name) {
        return Files.exists(rt.ftpRoot.resolve("pf5-metadata/inbox/" + dir + "/" + name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> meta(PsFlowRuntime rt, String id, String type) {
        return rt.ps.requestBodyAndHeader("photoshelter:metadata?metadataType=" + type, null, "PhotoShelterMediaId", id, Map.class);
    }

    @Test
    void allOrNothing() throws Exception {
        try (PsFlowRuntime rt = PsFlowRuntime.start(overrides(data, "all-or-nothing"))) {
            String one = rt.mediaId("spring-1.jpg");
            String two = rt.mediaId("spring-2.jpg");
            String three = rt.mediaId("spring-3.jpg");

            drop(rt, "good.csv", "mediaId,caption,custom:Approval\n" + one + ",New caption one,\n" + two + ",,approved-for-web\n");
            List<String> good = report(rt, "good.csv");
            assertEquals("line,mediaId,status,message", good.get(0));
            assertTrue(good.get(1).startsWith("2," + one + ",APPLIED"), good.toString());
            assertTrue(good.get(2).startsWith("3," + two + ",APPLIED"), good.toString());
            assertTrue(movedTo(rt, ".done", "good.csv"));
            assertEquals("New caption one", meta(rt, one, "iptc").get("caption"));
            assertEquals("approved-for-web", meta(rt, two, "custom").get("Approval"));

            // one good row among bad ones: nothing applied, every problem reported with its line
            drop(rt, "mixed.csv", "mediaId,caption,credit\n"
                    + three + ",Should not be applied,Someone\n"     // line 2: fine on its own
                    + "I0000UNKNOWNxxxx,Caption,Credit\n"          // line 3: no such media
                    + three + ",Again,Dup\n"                        // line 4: duplicate key
                    + one + ",only two cells\n"                     // line 5: missing cell
                    + "not-an-id,x,y\n");                           // line 6: bad id
            List<String> mixed = report(rt, "mixed.csv");
            assertTrue(movedTo(rt, ".error", "mixed.csv"));
            assertTrue(mixed.get(1).startsWith("2," + three + ",NOT_APPLIED"), mixed.toString());
            assertTrue(mixed.get(2).startsWith("3,I0000UNKNOWNxxxx,REJECTED,unknown media id"), mixed.toString());
            assertTrue(mixed.get(3).startsWith("4," + three + ",REJECTED,duplicate media id: already in line 2"), mixed.toString());
            assertTrue(mixed.get(4).startsWith("5,") && mixed.get(4).contains("REJECTED,2 cells but the header has 3 columns"), mixed.toString());
            assertTrue(mixed.get(5).startsWith("6,not-an-id,REJECTED,not a PhotoShelter media id"), mixed.toString());
            assertEquals("Spring campaign shot 3", meta(rt, three, "iptc").get("caption"), "all-or-nothing: the good row was not applied");

            drop(rt, "semicolons.csv", "mediaId;caption\n" + three + ";Semicolon caption\n");
            List<String> semi = report(rt, "semicolons.csv");
            assertTrue(movedTo(rt, ".error", "semicolons.csv"));
            assertEquals("1,,REJECTED,\"wrong separator: expected ',' but the header is separated by ';'\"", semi.get(1));

            drop(rt, "nocolumn.csv", "caption,credit\nA,B\n");
            assertTrue(report(rt, "nocolumn.csv").get(1).contains("missing column mediaId"));
            drop(rt, "typo.csv", "mediaId,captoin\n" + three + ",x\n");
            assertTrue(report(rt, "typo.csv").get(1).contains("unknown column 'captoin'"));

            drop(rt, "batch.xml", "<?xml version=\"1.0\"?>\n<metadata>\n  <media id=\"" + three + "\">\n    <caption>XML caption</caption>\n"
                    + "    <custom name=\"Approval\">approved</custom>\n  </media>\n</metadata>\n");
            List<String> xml = report(rt, "batch.xml");
            assertTrue(xml.get(1).startsWith("3," + three + ",APPLIED"), xml.toString());
            assertTrue(movedTo(rt, ".done", "batch.xml"));
            assertEquals("XML caption", meta(rt, three, "iptc").get("caption"));
            assertEquals("approved", meta(rt, three, "custom").get("Approval"));

            // export for reconciliation: the updated metadata, usage status and ids come back as CSV
            Path exports = rt.ftpRoot.resolve("pf5-metadata/exports");
            // an export under way (the cron runs every second here) is a .part until it is renamed: not an export yet
            await().atMost(Duration.ofSeconds(60)).until(() -> exportsIn(exports).stream().anyMatch(f -> {
                try {
                    return Files.readString(exports.resolve(f)).contains("XML caption");
                } catch (Exception e) {
                    return false;
                }
            }));
            String all = String.join("\n", exportsIn(exports).stream().map(f -> {
                try {
                    return Files.readString(exports.resolve(f));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList());
            assertTrue(all.startsWith("mediaId,fileName,modifiedAt,galleries,caption,"), all);
            assertTrue(all.contains("licenseId,licenseEnd,usageStatus,deliveredTo"), all);
            assertTrue(all.contains(one + ",spring-1.jpg,"), all);
            assertTrue(all.contains("New caption one"), all);
        }
    }

    @Test
    void perRow() throws Exception {
        try (PsFlowRuntime rt = PsFlowRuntime.start(overrides(data, "per-row"))) {
            String one = rt.mediaId("spring-1.jpg");
            String two = rt.mediaId("spring-2.jpg");
            drop(rt, "mixed.csv", "mediaId,caption\n" + one + ",Per-row caption\nI0000UNKNOWNxxxx,Nope\n" + one + ",Duplicate\n" + two + ",\n");
            List<String> mixed = report(rt, "mixed.csv");
            assertTrue(movedTo(rt, ".done", "mixed.csv"), "some rows applied");
            assertTrue(mixed.get(1).startsWith("2," + one + ",APPLIED"), mixed.toString());
            assertTrue(mixed.get(2).startsWith("3,I0000UNKNOWNxxxx,REJECTED,unknown media id"), mixed.toString());
            assertTrue(mixed.get(3).startsWith("4," + one + ",REJECTED,duplicate media id"), mixed.toString());
            assertTrue(mixed.get(4).startsWith("5," + two + ",REJECTED,nothing to change"), mixed.toString());
            assertEquals("Per-row caption", meta(rt, one, "iptc").get("caption"));

            drop(rt, "allbad.csv", "mediaId,caption\nI0000UNKNOWNxxxx,Nope\n");
            assertTrue(report(rt, "allbad.csv").get(1).contains("REJECTED"));
            assertTrue(movedTo(rt, ".error", "allbad.csv"), "nothing applied");
            drop(rt, "tabs.csv", "mediaId\tcaption\n" + one + "\tTabbed\n");
            assertTrue(report(rt, "tabs.csv").get(1).contains("wrong separator: expected ',' but the header is separated by '\\t'"));
            assertTrue(movedTo(rt, ".error", "tabs.csv"));
        }
    }

    private static java.util.List<String> exportsIn(java.nio.file.Path exports) throws Exception {
        return files(exports).stream().filter(f -> !f.endsWith(".part")).toList();
    }
}
