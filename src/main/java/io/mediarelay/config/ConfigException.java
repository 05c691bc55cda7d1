package io.mediarelay.config;

/** A configuration problem the operator must fix. Its message is one line meant for a terminal, never a stack trace. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
