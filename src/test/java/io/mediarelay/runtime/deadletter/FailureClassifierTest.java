package io.mediarelay.runtime.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.component.kamelet.KameletConsumerNotAvailableException;
import org.apache.camel.component.seda.SedaConsumerNotAvailableException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A graceful shutdown stops a flow's route while a registry-feed record is on its way to it: the send fails with
 * "no consumer available". The record is sound and must be replayed after the restart, not dead-lettered for good
 * (found in bench/pf2-migration.sh: seven records of a stopped run became permanent dead letters).
 */
class FailureClassifierTest {
    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void aNextRouteThatWasStoppedIsTransient() {
        var exchange = new DefaultExchange(camel);
        assertEquals(FailureClassifier.Kind.TRANSIENT, FailureClassifier.classify(
                new KameletConsumerNotAvailableException("No consumers available on endpoint: kamelet://sink", exchange)));
        assertEquals(FailureClassifier.Kind.TRANSIENT, FailureClassifier.classify(
                new DirectConsumerNotAvailableException("No consumers available on endpoint: direct://x", exchange)));
        assertEquals(FailureClassifier.Kind.TRANSIENT, FailureClassifier.classify(
                new SedaConsumerNotAvailableException("No consumers available on endpoint: seda://x", exchange)));
    }

    @Test
    void itStaysTransientWhenWrapped() {
        var exchange = new DefaultExchange(camel);
        var wrapped = new CamelExchangeException("sending to the flow failed", exchange,
                new KameletConsumerNotAvailableException("No consumers available on endpoint: kamelet://sink", exchange));
        assertEquals(FailureClassifier.Kind.TRANSIENT, FailureClassifier.classify(wrapped));
    }

    @Test
    void badInputStaysPermanent() {
        assertEquals(FailureClassifier.Kind.PERMANENT, FailureClassifier.classify(new IllegalArgumentException("bad name")));
        assertEquals(FailureClassifier.Kind.PERMANENT, FailureClassifier.classify(new IllegalStateException("a bug")));
    }
}
