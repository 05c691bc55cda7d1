package io.mediarelay.logging;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * {@code %escThrowable}: the stack trace with the exception messages escaped. A stack trace is many lines, but
 * only its structure may break lines: a message such as "550 inj\nDELE victim.txt" (a server echoing a hostile
 * file name) is written as one escaped line, so it cannot pose as a log line of its own. Each line ends with a
 * newline; nothing is written when the event has no throwable.
 */
@Plugin(name = "EscapedThrowableConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"escThrowable"})
public final class EscapedThrowableConverter extends LogEventPatternConverter {
    private static final int MAX_CAUSES = 20;

    private EscapedThrowableConverter() {
        super("escThrowable", "throwable");
    }

    public static EscapedThrowableConverter newInstance(String[] options) {
        return new EscapedThrowableConverter();
    }

    @Override
    public boolean handlesThrowable() {
        return true;
    }

    @Override
    public void format(LogEvent event, StringBuilder out) {
        Throwable t = event.getThrown();
        if (t == null) {
            return;
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String prefix = "";
        for (int depth = 0; t != null && depth < MAX_CAUSES && seen.add(t); depth++, t = t.getCause()) {
            out.append(prefix);
            ControlCharEscaping.appendEscaped(String.valueOf(t), 0, out);
            out.append(System.lineSeparator());
            for (StackTraceElement e : t.getStackTrace()) {
                out.append("\tat ");
                ControlCharEscaping.appendEscaped(e.toString(), 0, out);
                out.append(System.lineSeparator());
            }
            for (Throwable s : t.getSuppressed()) {
                out.append("\tSuppressed: ");
                ControlCharEscaping.appendEscaped(String.valueOf(s), 0, out);
                out.append(System.lineSeparator());
            }
            prefix = "Caused by: ";
        }
    }
}
