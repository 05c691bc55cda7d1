package io.mediarelay.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.mediarelay.runtime.db.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 13: two writers of one cursor (two instances polling one source): only the one that read the stored value moves it. */
class CursorCompareAndSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twoWritersThatReadTheSameValueAdvanceItOnce(String engine) throws Exception {
        DataSource ds = TestDatabases.migrated(engine);
        CursorStore a = new CursorStore(ds);
        CursorStore b = new CursorStore(ds);

        // the first write of a cursor: two instances both saw "no cursor"
        assertTrue(a.compareAndSet("c", null, "10"));
        assertFalse(b.compareAndSet("c", null, "5"), "the second first-writer loses");
        assertEquals("10", b.get("c").orElseThrow());

        // both read 10; a advances to 20, b (slower) must not put 15 over it
        assertTrue(a.compareAndSet("c", "10", "20"));
        assertFalse(b.compareAndSet("c", "10", "15"));
        assertEquals("20", a.get("c").orElseThrow());

        // racing threads from one read value: exactly one wins
        int writers = 6;
        CyclicBarrier go = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> won = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String value = "3" + i;
                CursorStore s = new CursorStore(ds);
                won.add(pool.submit(() -> {
                    go.await();
                    return s.compareAndSet("c", "20", value);
                }));
            }
            int winners = 0;
            for (Future<Boolean> f : won) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(a.get("c").orElseThrow().startsWith("3"));
    }
}
