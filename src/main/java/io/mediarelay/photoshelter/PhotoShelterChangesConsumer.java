package io.mediarelay.photoshelter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.mediarelay.getty.CursorStore;
import io.mediarelay.getty.Watermark;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * {@code from: photoshelter:changes}: polls v4 {@code /media?modify_start=<cursor>} (PhotoShelter has no webhooks),
 * emits each new or modified item oldest first, and advances the durable {@link Watermark} in the {@code cursors}
 * table after each exchange succeeds: at-least-once, resumes after a restart, a failed exchange stops the batch and
 * is retried on the next poll.
 */
final class PhotoShelterChangesConsumer extends ScheduledPollConsumer {

    private final PhotoShelterEndpoint ep;
    private CursorStore cursors;
    private MediaOperations media;

    PhotoShelterChangesConsumer(PhotoShelterEndpoint ep, Processor processor) {
        super(ep, processor);
        this.ep = ep;
    }

    @Override
    protected void doStart() throws Exception {
        cursors = new CursorStore(ep.getComponent().resolveDataSource());
        media = new MediaOperations(ep, ep.client());
        super.doStart();
    }

    private String cursorName() {
        return ep.getCursorName() != null ? ep.getCursorName()
                : "photoshelter:changes:" + (ep.getGalleryId() == null ? "all" : ep.getGalleryId()) + (ep.getTerms() == null ? "" : ":" + ep.getTerms());
    }

    @Override
    protected int poll() throws Exception {
        String name = cursorName();
        Watermark wm = cursors.get(name).map(Watermark::parse).orElse(null);
        if (wm == null && "now".equalsIgnoreCase(ep.getInitialPosition())) {
            cursors.put(name, new Watermark(Instant.now()).serialize()); // only changes from now on
            return 0;
        }
        if (wm == null) wm = new Watermark(Instant.EPOCH);
        List<Map<String, Object>> items = new ArrayList<>(media.search(wm.at(), ep.getPageSize(), ep.getMaxResults()));
        items.removeIf(i -> i.get("modified_at") == null);
        items.sort(Comparator.comparing((Map<String, Object> i) -> (Instant) i.get("modified_at")).thenComparing(i -> (String) i.get("id")));
        int emitted = 0;
        for (Map<String, Object> item : items) {
            Instant at = (Instant) item.get("modified_at");
            String id = (String) item.get("id");
            if (!isRunAllowed() || !wm.isNew(at, id)) continue;
            Exchange exchange = createExchange(true);
            try {
                exchange.getMessage().setBody(item);
                exchange.getMessage().setHeader(PhotoShelterConstants.MEDIA_ID, id);
                exchange.getMessage().setHeader(PhotoShelterConstants.FILE_NAME, item.get("file_name"));
                exchange.getMessage().setHeader(PhotoShelterConstants.MODIFIED_AT, at);
                getProcessor().process(exchange);
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("photoshelter:changes exchange failed; will retry on next poll", exchange, exchange.getException());
                    break;
                }
            } finally {
                releaseExchange(exchange, false);
            }
            wm.advance(at, id);
            cursors.put(name, wm.serialize());
            emitted++;
        }
        return emitted;
    }
}
