package io.mediarelay.getty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InOrderCursorTest {

    @Test
    void theCursorMovesOnlyOverTheCompletedRunFromTheStart() {
        InOrderCursor c = new InOrderCursor(5);
        assertEquals(0, c.complete(2), "item 0 still in flight: nothing may be stored");
        assertEquals(0, c.complete(1));
        assertEquals(3, c.complete(0), "0, 1, 2 done");
        assertEquals(0, c.complete(4));
        assertEquals(5, c.complete(3));
        assertEquals(5, c.completed());
    }
}
