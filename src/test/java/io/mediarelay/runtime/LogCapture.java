package io.mediarelay.runtime;

import java.io.StringWriter;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;

/** Captures every log line (all loggers, DEBUG and up, with stack traces) while open, with the shipped layout. */
public final class LogCapture implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final WriterAppender appender;
    private final LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    private final Level previous;

    public LogCapture() {
        Configuration config = ctx.getConfiguration();
        appender = WriterAppender.newBuilder().setName("capture-" + System.nanoTime()).setTarget(out)
                .setLayout(config.getAppender("console").getLayout()).build();
        appender.start();
        config.getRootLogger().addAppender(appender, Level.DEBUG, null);
        previous = config.getRootLogger().getLevel();
        config.getRootLogger().setLevel(Level.DEBUG);
        ctx.updateLoggers();
    }

    public String text() {
        synchronized (out) {
            return out.toString();
        }
    }

    @Override
    public void close() {
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        config.getRootLogger().setLevel(previous);
        ctx.updateLoggers();
        appender.stop();
    }
}
