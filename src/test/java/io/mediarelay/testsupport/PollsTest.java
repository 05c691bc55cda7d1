package io.mediarelay.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof is a proof: {@link Polls#awaitMoreRuns} returns while the source runs and fails once it does not
 * (what a sleep-then-assert check never noticed), for a polling consumer and for a timer.
 */
class PollsTest {
    @TempDir
    Path dir;

    @Test
    void passesWhileTheSourceRunsAndFailsWhenItStopped() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("file:" + dir + "?delay=20&initialDelay=0").routeId("polling").log("${file:name}");
                    from("timer:ticks?period=20").routeId("ticking").log("tick");
                }
            });
            context.start();
            Polls.awaitMoreRuns(context, "polling", 3, Duration.ofSeconds(10));
            Polls.awaitMoreRuns(context, "timer://ticks", 3, Duration.ofSeconds(10));

            context.getRouteController().stopRoute("polling");
            context.getRouteController().stopRoute("ticking");
            assertThrows(ConditionTimeoutException.class, () -> Polls.awaitMoreRuns(context, "polling", 1, Duration.ofMillis(300)));
            assertThrows(AssertionError.class, () -> Polls.awaitMoreRuns(context, "ticking", 1, Duration.ofMillis(300)));
        }
    }
}
