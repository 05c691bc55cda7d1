package io.mediarelay.transfer.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Templates and hostile values: nothing may render as an absolute path, a traversal, or an overlong name. */
class RemoteNameTemplateTest {
    private static final RemoteNameTemplate SIZE_TEMPLATE = new RemoteNameTemplate("{campaign}/{assetId}_{width}x{height}.{ext}");

    @Test
    void rendersTemplate() {
        assertEquals("spring-26/12345_1920x1080.jpg",
                SIZE_TEMPLATE.render(Map.of("campaign", "spring-26", "assetId", "12345", "width", 1920, "height", 1080, "ext", "jpg")));
    }

    @Test
    void valuesCannotTraverseOrGoAbsolute() {
        assertEquals("_.._etc/x_1x1.jpg", SIZE_TEMPLATE.render(Map.of("campaign", "../../etc", "assetId", "x", "width", 1, "height", 1, "ext", "jpg")));
        assertEquals("_etc_passwd/1_1x1.jpg", SIZE_TEMPLATE.render(Map.of("campaign", "/etc/passwd", "assetId", "1", "width", 1, "height", 1, "ext", "jpg")));
        assertEquals("etc/passwd", RemoteNameTemplate.sanitizePath("/etc/passwd"));
        assertEquals("escape.txt", RemoteNameTemplate.sanitizePath("../../escape.txt"));
        assertEquals("win.ini", RemoteNameTemplate.sanitizePath("..\\..\\win.ini"));
        assertEquals("hidden", RemoteNameTemplate.sanitizePath("./.././../.hidden"));
        assertThrows(IllegalArgumentException.class, () -> RemoteNameTemplate.sanitizePath("../.."));
    }

    @Test
    void controlReservedAndInvisibleCharactersAreReplaced() {
        assertEquals("a_b__c.txt", RemoteNameTemplate.sanitizePath("a\u0000b\r\nc.txt"));
        assertEquals("con_aux_.txt", RemoteNameTemplate.sanitizePath("con:aux?.txt"));
        assertEquals("_gpj.exe", RemoteNameTemplate.sanitizePath("\u202egpj.exe"), "bidi override cannot disguise the extension");
        assertEquals("caf\u00e9/\u65e5\u672c.jpg", RemoteNameTemplate.sanitizePath("cafe\u0301/\u65e5\u672c.jpg"), "NFC");
        assertEquals("a/b", RemoteNameTemplate.sanitizePath("a//./b/"));
    }

    @Test
    void longNamesAreBoundedInUtf8BytesKeepingTheExtension() {
        String s = RemoteNameTemplate.sanitizePath("x".repeat(1000) + ".jpg");
        assertEquals(255, s.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(s.endsWith(".jpg"));
        String cjk = RemoteNameTemplate.sanitizePath("\u65e5".repeat(200) + ".tif"); // 3 bytes each
        assertTrue(cjk.getBytes(StandardCharsets.UTF_8).length <= 255);
        assertTrue(cjk.endsWith(".tif"));
        assertFalse(cjk.contains("\ufffd"), "no split code point");
        String deep = RemoteNameTemplate.sanitizePath(("d".repeat(200) + "/").repeat(10) + "f.jpg");
        assertTrue(deep.getBytes(StandardCharsets.UTF_8).length <= 1024);
        assertTrue(deep.endsWith("/f.jpg"));
    }

    @Test
    void missingValueFailsLoudly() {
        assertThrows(IllegalArgumentException.class, () -> SIZE_TEMPLATE.render(Map.of("campaign", "c")));
    }

    @Test
    void collisionsGetADeterministicSuffixPerRun() {
        NameReservations r = new NameReservations();
        assertEquals("c/a.jpg", r.reserve("run1", "c/a.jpg", "asset-1"));
        String second = r.reserve("run1", "c/A.jpg", "asset-2");
        assertNotEquals("c/A.jpg", second, "case-insensitive servers would overwrite");
        assertEquals("c/A-" + NameReservations.shortHash("asset-2") + ".jpg", second);
        assertEquals("c/a.jpg", r.reserve("run1", "c/a.jpg", "asset-1"), "same asset, same name");
        NameReservations rerun = new NameReservations(); // a re-run (new runtime) names the same assets the same way
        rerun.reserve("run1", "c/a.jpg", "asset-1");
        assertEquals(second, rerun.reserve("run1", "c/A.jpg", "asset-2"), "deterministic across runs");
        assertEquals("c/a.jpg", r.reserve("run2", "c/a.jpg", "asset-2"), "other run, no collision");
        String longName = "y".repeat(255);
        r.reserve("run3", longName, "a");
        String suffixed = r.reserve("run3", longName, "b");
        assertTrue(suffixed.getBytes(StandardCharsets.UTF_8).length <= 255 && suffixed.endsWith(NameReservations.shortHash("b")));
    }

    @Test
    void actionSetsFileNameAndRemotePathFromHeaders() throws Exception {
        CamelContext ctx = new DefaultCamelContext();
        RemoteNameAction action = new RemoteNameAction();
        Exchange e = new DefaultExchange(ctx);
        e.setProperty(RemoteNameAction.TEMPLATE_PROPERTY, "{campaign}/{assetId}_{width}x{height}.{ext}");
        e.getIn().setHeader("MediarelayMetaCampaign", "Spring/../26");
        e.getIn().setHeader(DeliveryHeaders.ASSET_ID, "gi-123");
        e.getIn().setHeader("width", 800);
        e.getIn().setHeader("height", 600);
        e.getIn().setHeader(Exchange.FILE_NAME, "download.JPG");
        e.getIn().setHeader(DeliveryHeaders.RUN_ID, "r1");
        action.process(e);
        assertEquals("Spring_.._26/gi-123_800x600.jpg", e.getIn().getHeader(Exchange.FILE_NAME));
        assertEquals("Spring_.._26/gi-123_800x600.jpg", e.getIn().getHeader(DeliveryHeaders.REMOTE_PATH));
    }
}
