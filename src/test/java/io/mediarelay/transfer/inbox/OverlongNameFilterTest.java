package io.mediarelay.transfer.inbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Where the line is: "<name>.inprogress" must fit 255 UTF-8 bytes; include/exclude as Camel applies them. */
class OverlongNameFilterTest {

    @Test
    void theLimitIs244BytesCountedInUtf8() {
        assertTrue(OverlongNameFilter.fitsLocally("a".repeat(240) + ".jpg"), "244 bytes + .inprogress = 255");
        assertFalse(OverlongNameFilter.fitsLocally("a".repeat(241) + ".jpg"), "245 bytes + .inprogress = 256");
        // 80 x "é" (2 bytes each) + ".jpg": 84 characters, 164 bytes -> fits; 121 x "é" + ".jpg" = 246 bytes -> not
        assertTrue(OverlongNameFilter.fitsLocally("é".repeat(80) + ".jpg"));
        assertFalse(OverlongNameFilter.fitsLocally("é".repeat(121) + ".jpg"));
    }

    @Test
    void onlyFilesTheInboxWouldReadAreRefused() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            GenericFileEndpoint<?> pf1 = (GenericFileEndpoint<?>) context.getEndpoint(
                    "ftp://127.0.0.1:21/in?exclude=.*\\.(part|tmp)$");
            GenericFileEndpoint<?> gf4 = (GenericFileEndpoint<?>) context.getEndpoint(
                    "ftp://127.0.0.1:21/in?include=(?i).*\\.(csv|json)$");
            GenericFileEndpoint<?> ext = (GenericFileEndpoint<?>) context.getEndpoint(
                    "ftp://127.0.0.1:21/in?includeExt=jpg,png&excludeExt=tmp");
            assertTrue(OverlongNameFilter.listed(pf1, "x.jpg"));
            assertFalse(OverlongNameFilter.listed(pf1, "x.jpg.part"));
            assertTrue(OverlongNameFilter.listed(gf4, "x.CSV"));
            assertFalse(OverlongNameFilter.listed(gf4, "x.txt"));
            assertTrue(OverlongNameFilter.listed(ext, "x.PNG"));
            assertFalse(OverlongNameFilter.listed(ext, "x.gif"));
        }
    }
}
