package io.mediarelay.photoshelter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token login + organization login, one re-login after revocation or idle expiry, clear errors for bad credentials. */
class PhotoShelterAuthTest {

    @TempDir
    Path dir;

    private static RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:galleries").to("photoshelter:galleries");
                from("direct:download").to("photoshelter:download").convertBodyTo(byte[].class);
            }
        };
    }

    @Test
    void logsInOnceWithOrganizationAndReauthenticatesExactlyOnceAfterRevocation() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir)) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> { }, routes());
            try {
                var pt = ctx.createProducerTemplate();
                for (int i = 0; i < 5; i++) {
                    assertTrue(pt.requestBody("direct:galleries", null, List.class).size() >= 2);
                }
                assertEquals(1, sandbox.authCount(), "one login for five calls");
                assertEquals(1, sandbox.orgAuthCount(), "organization authentication after login");
                assertEquals("O0000SANDBOXORG1", PhotoShelterTestSupport.component(ctx).client().session().organizationId());

                sandbox.revokeSessions();
                // the download needs the organization session: proves the re-login re-did the org step too
                String media = (String) sandbox.findImagesInGallery(sandbox.findGalleries("Spring Campaign").get(0)).get(0).get("id");
                Exchange ex = pt.request("direct:download", e -> e.getMessage().setHeader(PhotoShelterConstants.MEDIA_ID, media));
                assertNull(ex.getException());
                assertTrue(ex.getMessage().getBody(byte[].class).length > 0);
                assertEquals(2, sandbox.authCount(), "exactly one re-authentication");
                assertEquals(2, sandbox.orgAuthCount());

                sandbox.setSessionIdleSeconds(1);
                Thread.sleep(1200);
                pt.requestBody("direct:galleries", null, List.class);
                assertEquals(3, sandbox.authCount(), "idle-expired session: one more login");
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void v3SessionErrorReportedOnHttp200AlsoTriggersOneReauthentication() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir, c -> c.v3AuthErrorsAsHttp200(true))) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> { }, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:upload").to("photoshelter:upload?fileName=a.jpg");
                }
            });
            try {
                String inbox = sandbox.findGalleries("Inbox").get(0);
                var pt = ctx.createProducerTemplate();
                pt.requestBodyAndHeader("direct:upload", new byte[10], PhotoShelterConstants.GALLERY_ID, inbox);
                sandbox.revokeSessions();
                Exchange ex = pt.request("direct:upload", e -> {
                    e.getMessage().setHeader(PhotoShelterConstants.GALLERY_ID, inbox);
                    e.getMessage().setBody(new byte[10]);
                });
                assertNull(ex.getException());
                assertEquals(2, sandbox.authCount());
                assertEquals(2, sandbox.uploadCount());
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void wrongPasswordFailsWithPhotoShelterErrorAndNoRetryStorm() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir)) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> c.getConfiguration().setPassword("wrong-sandbox-password"), routes());
            try {
                Exchange ex = ctx.createProducerTemplate().request("direct:galleries", e -> { });
                PhotoShelterApiException e = (PhotoShelterApiException) ex.getException();
                assertEquals(401, e.getStatus());
                assertEquals("InvalidCredentialsException", e.getErrorId());
                assertTrue(e.getMessage().contains("Invalid email or password"), e.getMessage());
                assertFalse(e.getMessage().contains("wrong-sandbox-password"));
                assertEquals(0, sandbox.authCount());
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void accountWithoutOrganizationSkipsOrgStep() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir, c -> c.organizationId(""))) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> { }, routes());
            try {
                String media = (String) sandbox.findImagesInGallery(sandbox.findGalleries("Spring Campaign").get(0)).get(0).get("id");
                byte[] bytes = ctx.createProducerTemplate().requestBodyAndHeaders("direct:download", null,
                        Map.of(PhotoShelterConstants.MEDIA_ID, media), byte[].class);
                assertTrue(bytes.length > 0);
                assertEquals(0, sandbox.orgAuthCount());
            } finally {
                ctx.close();
            }
        }
    }
}
