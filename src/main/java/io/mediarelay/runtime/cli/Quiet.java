package io.mediarelay.runtime.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Commands that build routes offline print results, not Camel's start/stop chatter. */
final class Quiet {

    private Quiet() {
    }

    static void camelLogs() {
        Configurator.setLevel("org.apache.camel", Level.WARN);
    }
}
