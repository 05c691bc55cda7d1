package io.mediarelay.photoshelter;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.mediarelay.connector.CursorStore;
import io.mediarelay.connector.Watermark;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code from: photoshelter:changes}: polls v4 {@code /media?modify_start=<cursor>} (PhotoShelter has no webhooks),
 * emits each new or modified item oldest first, and advances the durable {@link Watermark} in the {@code cursors}
 * table after each exchange succeeds: at-least-once, resumes after a restart, a failed exchange stops the batch and
 * is retried on the next poll.
 *
 * <p>Scope: one gallery by id or by exact name, every gallery under a collection path, or the whole library. With
 * {@code holdOnFailure} an exchange that the route's error handler dead-lettered for an I/O reason (the destination
 * was unreachable or refused the login) also stops the batch with the cursor before it: a destination that is down
 * catches up once it is back, instead of losing everything that changed meanwhile. Failures of the item itself
 * (bad data, license denied) are not I/O and do not hold the cursor, so one bad item cannot block a destination.
 */
final class PhotoShelterChangesConsumer extends ScheduledPollConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoShelterChangesConsumer.class);

    private final PhotoShelterEndpoint ep;
    private CursorStore cursors;
    private MediaOperations media;
    private ContainerOperations containers;
    private volatile boolean started;
    private volatile boolean polling;

    PhotoShelterChangesConsumer(PhotoShelterEndpoint ep, Processor processor) {
        super(ep, processor);
        this.ep = ep;
    }

    @Override
    protected void doStart() throws Exception {
        cursors = new CursorStore(ep.getComponent().resolveDataSource());
        media = new MediaOperations(ep, ep.client());
        containers = new ContainerOperations(ep, ep.client());
        polling = isStartScheduler();
        super.doStart();
        started = true;
    }

    /**
     * A quartz scheduler ({@code scheduler=quartz}) fires whether or not {@code startScheduler} is false; a consumer
     * told not to start polling (a switched-off flow) must not poll until someone starts it explicitly.
     */
    @Override
    public void startScheduler() {
        polling = true;
        super.startScheduler();
    }

    @Override
    protected void doStop() throws Exception {
        // `mediarelay validate` builds routes without starting them; a quartz scheduler that never started has no
        // trigger and Camel's unscheduleTask fails on it, so there is nothing to undo here
        if (!started) return;
        super.doStop();
    }

    private String cursorName() {
        String scope = ep.getGalleryId() != null ? ep.getGalleryId()
                : ep.getGalleryName() != null ? (ep.getCollectionPath() == null ? "" : ep.getCollectionPath() + "/") + ep.getGalleryName()
                : ep.getCollectionPath() != null ? "collection:" + ep.getCollectionPath() : "all";
        return ep.getCursorName() != null ? ep.getCursorName()
                : "photoshelter:changes:" + scope + (ep.getTerms() == null ? "" : ":" + ep.getTerms());
    }

    /**
     * Comma-separated gallery ids to search, null for the whole library, "" when the named scope does not exist
     * (yet): names are resolved on every poll, so a gallery renamed or created later is picked up without a restart.
     */
    private String galleries() throws Exception {
        if (ep.getGalleryId() != null) return ep.getGalleryId();
        if (ep.getGalleryName() == null && ep.getCollectionPath() == null) return null;
        String parent = ep.getCollectionPath() == null ? null : containers.collectionPath(ep.getCollectionPath(), false);
        if (ep.getCollectionPath() != null && parent == null) return "";
        if (ep.getGalleryName() == null) return String.join(",", containers.galleriesUnder(parent));
        Map<String, Object> g = containers.findOrCreate("gallery", ep.getGalleryName(), parent, false);
        return g == null ? "" : (String) g.get("id");
    }

    /** Dead-lettered (handled) because of an I/O failure somewhere in the cause chain. */
    static boolean failedForIo(Exchange exchange) {
        Throwable t = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            // Jackson's exceptions are IOExceptions too, but bad data does not get better by waiting
            if (t.getClass().getName().startsWith("com.fasterxml.jackson.")) return false;
            if (t instanceof IOException || t.getClass().getName().endsWith("GenericFileOperationFailedException")) return true;
        }
        return false;
    }

    @Override
    protected int poll() throws Exception {
        if (!polling) return 0;
        String name = cursorName();
        Watermark wm = cursors.get(name).map(Watermark::parse).orElse(null);
        if (wm == null && "now".equalsIgnoreCase(ep.getInitialPosition())) {
            cursors.put(name, new Watermark(Instant.now()).serialize()); // only changes from now on
            return 0;
        }
        if (wm == null) wm = new Watermark(Instant.EPOCH);
        String galleries = galleries();
        if ("".equals(galleries)) {
            LOG.debug("photoshelter:changes {}: the gallery/collection does not exist (yet)", name);
            return 0;
        }
        List<Map<String, Object>> items = new ArrayList<>(media.search(wm.at(), ep.getPageSize(), ep.getMaxResults(), galleries));
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
                if (ep.isHoldOnFailure()) {
                    // this source polls the item again after an I/O failure: it is the item's retry layer, the
                    // durable catch-up must not replay its letter as well (two deliveries of one item)
                    exchange.setProperty(io.mediarelay.common.RetryLayers.SOURCE_RETRIES, true);
                }
                getProcessor().process(exchange);
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("photoshelter:changes exchange failed; will retry on next poll", exchange, exchange.getException());
                    break;
                }
                if (ep.isHoldOnFailure() && failedForIo(exchange)) {
                    LOG.info("photoshelter:changes {}: {} not delivered (I/O failure); cursor held, retried on the next poll", name, id);
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
