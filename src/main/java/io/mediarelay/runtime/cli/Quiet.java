package io.mediarelay.runtime.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Commands that build routes offline print results, not Camel's start/stop chatter. */
final class Quiet {

    private Quiet() {
    }

    static void camelLogs() {
        Configurator.setLevel("org.apache.camel", Level.WARN);
        // log4j2.xml sets this one to INFO explicitly, so the parent's level above does not reach it
        Configurator.setLevel("org.apache.camel.impl.engine.AbstractCamelContext", Level.WARN);
    }
}
