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
 *
 * <p>With {@code concurrency} N &gt; 1 (issue 15: against the real API one asset at a time spends most of its time
 * waiting on calls) up to N items go through the route at once, each on a worker thread with the whole route
 * (license, download, upload, companion, record) as it is; the component's client, QPS limiter and token are shared.
 * The cursor still advances in item order, over the longest run of completed items, so a restart never skips an
 * item; a failure stops new items, the in-flight ones finish, and what completed after the failed item is emitted
 * again next poll, where the delivery and license claims make it a no-op.
 */
abstract class WatermarkPollConsumer extends ScheduledPollConsumer {

    /** One item of a poll: identity, position and the JSON (as Map) that becomes the body. */
    record Item(String id, Instant at, Map<String, Object> body) {
    }

    protected final GettyEndpoint ep;
    private CursorStore cursors;
    private java.util.concurrent.ExecutorService workers;

    WatermarkPollConsumer(GettyEndpoint ep, Processor processor) {
        super(ep, processor);
        this.ep = ep;
    }

    @Override
    protected void doStart() throws Exception {
        cursors = new CursorStore(ep.getComponent().resolveDataSource());
        if (ep.getConcurrency() > 1 && workers == null) {
            workers = ep.getCamelContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, "getty-" + ep.getOperation() + "-items", ep.getConcurrency());
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (workers != null) {
            // in-flight items finish (each records its own delivery); nothing new is started once stopping
            ep.getCamelContext().getExecutorServiceManager().shutdownGraceful(workers);
            workers = null;
        }
    }

    protected abstract String defaultCursorName();

    /** Items at or after {@code from} (the API may return older ones too; they are filtered). */
    protected abstract List<Item> fetch(Instant from) throws Exception;

    protected abstract Instant initialPosition();

    protected abstract void setHeaders(Exchange exchange, Item item);

    /** Headers naming the items emitted with item {@code index} of this poll's {@code fresh} ones; none by default. */
    protected void setBatchHeaders(Exchange exchange, List<Item> fresh, int index) {
    }

    @Override
    protected int poll() throws Exception {
        String name = ep.getCursorName() != null ? ep.getCursorName() : defaultCursorName();
        // the value read: the cursor is advanced only from it (another instance polling the same source may move it)
        String stored = cursors.get(name).orElse(null);
        Watermark wm = stored == null ? null : Watermark.parse(stored);
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
            cursors.compareAndSet(name, stored, wm.serialize());
            return 0;
        }
        if (workers != null) {
            return pollConcurrently(name, wm, items);
        }
        Watermark from = wm;
        List<Item> fresh = items.stream().filter(i -> from.isNew(i.at(), i.id())).toList();
        int emitted = 0;
        for (int index = 0; index < fresh.size(); index++) {
            Item item = fresh.get(index);
            if (!isRunAllowed()) {
                break;
            }
            Exchange exchange = createExchange(true);
            try {
                exchange.getMessage().setBody(item.body());
                setHeaders(exchange, item);
                setBatchHeaders(exchange, fresh, index);
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
            String next = wm.serialize();
            if (!cursors.compareAndSet(name, stored, next)) {
                // another poller moved the cursor past what we read: it emits from there; we stop instead of moving
                // it back (the delivery claims keep what both emitted from being delivered twice)
                emitted++;
                break;
            }
            stored = next;
            emitted++;
        }
        return emitted;
    }

    /** Runs up to {@code concurrency} items at once; returns how many completed. */
    private int pollConcurrently(String name, Watermark wm, List<Item> items) throws InterruptedException {
        List<Item> fresh = items.stream().filter(i -> wm.isNew(i.at(), i.id())).toList();
        int n = ep.getConcurrency();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(n);
        InOrderCursor cursor = new InOrderCursor(fresh.size());
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        for (int i = 0; i < fresh.size() && !failed.get() && isRunAllowed(); i++) {
            slots.acquire();
            if (failed.get() || !isRunAllowed()) {
                slots.release();
                break;
            }
            int index = i;
            Item item = fresh.get(i);
            Exchange exchange = createExchange(true);
            exchange.getMessage().setBody(item.body());
            setHeaders(exchange, item);
            setBatchHeaders(exchange, fresh, index);
            try {
                workers.execute(() -> {
                    try {
                        boolean ok = processOne(exchange);
                        if (!ok) {
                            failed.set(true);
                        } else {
                            int upTo = cursor.complete(index);
                            if (upTo > 0) {
                                synchronized (wm) {
                                    for (int k = cursor.advancedTo(); k < upTo; k++) {
                                        wm.advance(fresh.get(k).at(), fresh.get(k).id());
                                    }
                                    cursor.advanced(upTo);
                                    cursors.put(name, wm.serialize());
                                }
                            }
                        }
                    } finally {
                        slots.release();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                slots.release(); // stopping: the pool takes nothing new
                releaseExchange(exchange, false);
                break;
            }
        }
        slots.acquire(n); // every in-flight item has finished
        slots.release(n);
        return cursor.completed();
    }

    private boolean processOne(Exchange exchange) {
        try {
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("getty consumer exchange failed; will retry on next poll",
                        exchange, exchange.getException());
                return false;
            }
            return true;
        } catch (Exception e) {
            getExceptionHandler().handleException("getty consumer exchange failed; will retry on next poll", exchange, e);
            return false;
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
