package io.mediarelay.getty;

import java.util.BitSet;

/**
 * Which items of a poll completed, when they complete out of order: the cursor may only move over the longest run of
 * completed items from the start, or a restart would skip one still in flight (or failed) before a completed one.
 */
final class InOrderCursor {

    private final BitSet done;
    private int completed;
    private int prefix;
    private int advanced;

    InOrderCursor(int size) {
        this.done = new BitSet(size);
    }

    /** Marks item {@code index} completed; returns the new end of the completed run, or 0 if it did not grow. */
    synchronized int complete(int index) {
        done.set(index);
        completed++;
        int before = prefix;
        while (done.get(prefix)) {
            prefix++;
        }
        return prefix > before ? prefix : 0;
    }

    /** Items before this index are in the stored cursor. */
    synchronized int advancedTo() {
        return advanced;
    }

    synchronized void advanced(int upTo) {
        advanced = Math.max(advanced, upTo);
    }

    synchronized int completed() {
        return completed;
    }
}
