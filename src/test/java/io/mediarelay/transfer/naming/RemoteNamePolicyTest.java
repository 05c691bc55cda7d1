package io.mediarelay.transfer.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The one remote-naming policy (issue #10 finding 1): the rules every sink applies. */
class RemoteNamePolicyTest {

    @Test
    void controlCharactersNeverSurvive() {
        assertEquals("inj_DELE victim.txt_x.jpg", RemoteNamePolicy.path("inj\nDELE victim.txt\nx.jpg", false));
        assertEquals("a__X-Injected_ 1__.jpg", RemoteNamePolicy.path("a\r\nX-Injected: 1\r\n.jpg", false));
        assertEquals("nul_x.jpg", RemoteNamePolicy.path("nul\u0000x.jpg", false));
        assertEquals("esc_[31m.jpg", RemoteNamePolicy.path("esc\u001b[31m.jpg", false));
    }

    @Test
    void traversalAbsoluteAndLeadingDashAreNeutralised() {
        assertEquals("etc/passwd", RemoteNamePolicy.path("../../etc/passwd", false));
        assertEquals("etc/shadow", RemoteNamePolicy.path("/etc/shadow", false));
        assertEquals("_-rf.jpg", RemoteNamePolicy.path("-rf.jpg", false));
        assertEquals("dir/_--help", RemoteNamePolicy.path("dir/--help", false));
        assertEquals(".._.._etc_passwd".replace(".._.._", "_.._"), RemoteNamePolicy.name("../../etc/passwd", false));
        assertThrows(IllegalArgumentException.class, () -> RemoteNamePolicy.path("..", false));
        assertThrows(IllegalArgumentException.class, () -> RemoteNamePolicy.path("\r\n", false));
    }

    @Test
    void longNamesAreShortenedDeterministicallyKeepingTheExtensionWithAHash() {
        String raw = "L".repeat(300) + ".jpg";
        String safe = RemoteNamePolicy.path(raw, false);
        assertTrue(safe.getBytes(StandardCharsets.UTF_8).length <= RemoteNamePolicy.MAX_NAME_BYTES, safe);
        assertTrue(safe.matches("L+~[0-9a-f]{8}\\.jpg"), safe);
        assertEquals(safe, RemoteNamePolicy.path(raw, false), "same input, same name");
        assertNotEquals(safe, RemoteNamePolicy.path("L".repeat(301) + ".jpg", false), "different long names stay different");
        String cjk = RemoteNamePolicy.path("\u65e5".repeat(100) + ".tif", false);
        assertTrue(cjk.getBytes(StandardCharsets.UTF_8).length <= 250 && cjk.endsWith(".tif") && !cjk.contains("\ufffd"), cjk);
        assertEquals("short.jpg", RemoteNamePolicy.path("short.jpg", false), "short safe names are untouched");
    }

    @Test
    void asciiForServersWithoutUtf8AndForHeaders() {
        assertEquals("cafe", RemoteNamePolicy.name("caf\u00e9", true).substring(0, 4));
        String folded = RemoteNamePolicy.name("caf\u00e9-\u65e5\u672c.jpg", true);
        assertTrue(folded.chars().allMatch(c -> c < 0x80), folded);
        assertTrue(folded.matches("cafe-__~[0-9a-f]{8}\\.jpg"), "lossy fold adds a hash: " + folded);
        assertNotEquals(folded, RemoteNamePolicy.name("caf\u00e9-\u4e2d\u6587.jpg", true), "two Unicode names stay apart");
        assertEquals("caf\u00e9-\u65e5\u672c.jpg", RemoteNamePolicy.name("cafe\u0301-\u65e5\u672c.jpg", false), "UTF-8 targets keep it (NFC)");
    }

    @Test
    void httpSegmentsAreOneSegmentAndPercentEncoded() {
        assertEquals("a%20b_x%3D1%23frag%26y.jpg", RemoteNamePolicy.httpSegment("a b?x=1#frag&y.jpg"));
        assertEquals("_.._etc_passwd", RemoteNamePolicy.httpSegment("../../etc/passwd").replace("%2E", "."));
        assertFalse(RemoteNamePolicy.httpSegment("x\r\nX-Injected: 1").contains("\r"));
        assertEquals("/assets/gi-1%20x/file", HttpNameStep.safePath("/assets/gi-1 x/file"));
    }

    @Test
    void printableEscapesEverythingThatCouldBreakALine() {
        assertEquals("a\\nb\\u000dc\\u001bd\\u2028", RemoteNamePolicy.printable("a\nb\rc\u001bd\u2028"));
    }
}
