package io.mediarelay.photoshelter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;
import org.junit.jupiter.api.Test;

/** Both response generations, every error shape seen in the spec and clients, and both date forms. */
class EnvelopesTest {

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void v3SuccessAndErrors() throws Exception {
        JsonNode ok = json("{\"status\":\"ok\",\"data\":{\"Gallery\":{\"gallery_id\":\"G0000abcdefghijk\"}}}");
        assertNull(Envelopes.error(200, ok));
        assertEquals("G0000abcdefghijk", Envelopes.payload(ok).path("Gallery").path("gallery_id").asText());

        // v3 reports failures in the body, possibly on HTTP 200: an expired session must still trigger re-auth
        Envelopes.ApiError expired = Envelopes.error(200, json("{\"status\":\"error\",\"code\":\"SessionExpired\",\"message\":\"Please log in\"}"));
        assertEquals("SessionExpired", expired.id());
        assertTrue(expired.isAuth());
        Envelopes.ApiError other = Envelopes.error(200, json("{\"status\":\"error\",\"error\":{\"code\":\"GalleryNotFound\"},\"message\":\"no\"}"));
        assertEquals("GalleryNotFound", other.id());
        assertFalse(other.isAuth());
        assertEquals("StatusNotOk", Envelopes.error(200, json("{\"status\":\"fail\"}")).id());
    }

    @Test
    void v4SuccessAndErrors() throws Exception {
        assertNull(Envelopes.error(200, json("{\"data\":[{\"id\":\"I0000abcdefghijk\",\"type\":\"image\",\"attributes\":{}}],\"meta\":{\"paging\":{\"total\":1}}}")));
        Envelopes.ApiError e = Envelopes.error(401, json("{\"errors\":[{\"id\":\"AcsPermissionException\",\"status\":\"401\","
                + "\"title\":\"Invalid access to resource: Gallery\",\"detail\":\"You are not authorized to view this resource.\"}]}"));
        assertEquals("AcsPermissionException", e.id());
        assertTrue(e.isAuth());
        PhotoShelterApiException ex = e.toException("GET /psapi/v4.0/galleries/G0000abcdefghijk", "");
        assertTrue(ex.getMessage().contains("AcsPermissionException") && ex.getMessage().contains("not authorized"), ex.getMessage());
        // the draft's singular "error" example, a 403 that must not trigger re-auth, and a non-JSON proxy page
        assertEquals("TooManyRequestsException", Envelopes.error(429, json("{\"error\":{\"id\":\"TooManyRequestsException\"}}")).id());
        assertFalse(Envelopes.error(403, json("{\"errors\":[{\"id\":\"ApiKeyInvalidException\",\"status\":\"403\"}]}")).isAuth());
        assertEquals("HTTP502", Envelopes.error(502, null).id());
        assertEquals("Bad Request / Syntax", Envelopes.error(400, json("{\"error\":\"Bad Request / Syntax\"}")).title());
    }

    @Test
    void bothDateForms() {
        Instant v3 = PsDates.parse("2019-10-15 12:00:00 GMT");
        assertEquals(Instant.parse("2019-10-15T12:00:00Z"), v3);
        assertEquals(Instant.parse("2019-04-25T14:54:12.136828Z"), PsDates.parse("2019-04-25T14:54:12.136828"));
        assertEquals(Instant.parse("2019-04-25T12:54:12Z"), PsDates.parse("2019-04-25T14:54:12+02:00"));
        assertEquals(Instant.parse("2019-10-15T16:00:00Z"), PsDates.parse("2019-10-15 12:00:00 America/New_York"));
        assertEquals(Instant.parse("2019-10-15T12:00:00Z"), PsDates.parse("2019-10-15 12:00:00"));
        assertNull(PsDates.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> PsDates.parse("yesterday"));
        assertEquals("2019-04-25T14:54:12.136828", PsDates.format(Instant.parse("2019-04-25T14:54:12.136828Z")));
    }
}
