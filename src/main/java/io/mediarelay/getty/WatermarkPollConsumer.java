package io.mediarelay.getty;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.mediarelay.connector.CursorStore;
import io.mediarelay.connector.Watermark;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Base of the polling consumers: fetch items, emit those past the durable {@link Watermark} oldest
 * first, and advance the cursor after each exchange succeeds (at-least-once; a failed exchange stops the
 * batch and is retried next poll). The cursor lives in the database, so a restart resumes where it left off.
 */
abstract class WatermarkPollConsumer extends ScheduledPollConsumer {

    /** One item of a poll: identity, position and the JSON (as Map) that becomes the body. */
    record Item(String id, Instant at, Map<String, Object> body) {
    }

    protected final GettyEndpoint ep;
    private CursorStore cursors;

    WatermarkPollConsumer(GettyEndpoint ep, Processor processor) {
        super(ep, processor);
        this.ep = ep;
    }

    @Override
    protected void doStart() throws Exception {
        cursors = new CursorStore(ep.getComponent().resolveDataSource());
        super.doStart();
    }

    protected abstract String defaultCursorName();

    /** Items at or after {@code from} (the API may return older ones too; they are filtered). */
    protected abstract List<Item> fetch(Instant from) throws Exception;

    protected abstract Instant initialPosition();

    protected abstract void setHeaders(Exchange exchange, Item item);

    @Override
    protected int poll() throws Exception {
        String name = ep.getCursorName() != null ? ep.getCursorName() : defaultCursorName();
        Watermark wm = cursors.get(name).map(Watermark::parse).orElse(null);
        boolean first = wm == null;
        if (first) {
            wm = new Watermark(initialPosition());
        }
        List<Item> items = fetch(wm.at());
        items.sort(Comparator.comparing(Item::at).thenComparing(Item::id));
        if (first && "now".equalsIgnoreCase(ep.getInitialPosition())) {
            // start from what exists now, emit nothing
            for (Item i : items) {
                wm.advance(i.at(), i.id());
            }
            cursors.put(name, wm.serialize());
            return 0;
        }
        int emitted = 0;
        for (Item item : items) {
            if (!isRunAllowed() || !wm.isNew(item.at(), item.id())) {
                continue;
            }
            Exchange exchange = createExchange(true);
            try {
                exchange.getMessage().setBody(item.body());
                setHeaders(exchange, item);
                getProcessor().process(exchange);
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("getty consumer exchange failed; will retry on next poll",
                            exchange, exchange.getException());
                    break;
                }
            } finally {
                releaseExchange(exchange, false);
            }
            wm.advance(item.at(), item.id());
            cursors.put(name, wm.serialize());
            emitted++;
        }
        return emitted;
    }
}
