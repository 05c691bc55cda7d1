package io.mediarelay.photoshelter;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.mediarelay.connector.CursorStore;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import io.mediarelay.testsupport.Polls;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modified-since consumer emits every change exactly once across a context restart (cursor in the DB). */
class PhotoShelterChangesConsumerTest {

    @TempDir
    Path dir;

    private static RouteBuilder routes(List<String> seen) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("photoshelter:changes?delay=100&initialDelay=0&pageSize=2").routeId("changes")
                        .process(e -> seen.add(e.getMessage().getHeader(PhotoShelterConstants.MEDIA_ID, String.class)
                                + "@" + e.getMessage().getHeader(PhotoShelterConstants.MODIFIED_AT)));
            }
        };
    }

    @Test
    void eachChangeOnceAcrossRestart() throws Exception {
        DataSource ds = Database.inMemory("ps-changes-" + System.nanoTime());
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir)) {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, ds, c -> { }, routes(seen));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 3);
            Polls.awaitMoreRuns(ctx, "changes", 3, Duration.ofSeconds(10)); // three more polls: nothing new may be emitted
            ctx.close();
            assertEquals(3, seen.size(), "the three seeded images once: " + seen);
            assertTrue(new CursorStore(ds).get("photoshelter:changes:all").orElseThrow().contains("\"at\""));

            // while the route is down: one edit in the PhotoShelter UI and one new upload
            String gallery = sandbox.findGalleries("Spring Campaign").get(0);
            String edited = (String) sandbox.findImagesInGallery(gallery).get(0).get("id");
            sandbox.editIptc(edited, Map.of("caption", "edited while mediarelay was down"));
            CamelContext uploader = PhotoShelterTestSupport.context(sandbox, null, c -> { }, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:up").to("photoshelter:upload?galleryId=" + gallery + "&fileName=new.jpg");
                }
            });
            String added = uploader.createProducerTemplate().request("direct:up", e -> e.getMessage().setBody(new byte[100]))
                    .getMessage().getHeader(PhotoShelterConstants.MEDIA_ID, String.class);
            uploader.close();

            List<String> after = Collections.synchronizedList(new ArrayList<>());
            CamelContext restarted = PhotoShelterTestSupport.context(sandbox, ds, c -> { }, routes(after));
            await().atMost(Duration.ofSeconds(10)).until(() -> after.size() >= 2);
            Polls.awaitMoreRuns(restarted, "changes", 3, Duration.ofSeconds(10));
            restarted.close();
            assertEquals(2, after.size(), "only the edit and the upload after restart: " + after);
            assertTrue(after.get(0).startsWith(edited + "@"), after.toString());
            assertTrue(after.get(1).startsWith(added + "@"), after.toString());
        }
    }
}
