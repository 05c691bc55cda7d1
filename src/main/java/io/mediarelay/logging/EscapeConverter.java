package io.mediarelay.logging;

import java.util.List;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.pattern.PatternFormatter;
import org.apache.logging.log4j.core.pattern.PatternParser;

/**
 * {@code %esc{pattern}}: formats the nested pattern, then escapes control characters in the result
 * ({@link ControlCharEscaping}). Used around {@code %msg} in log4j2.xml: every value a message prints (file names,
 * partner data, exception texts) stays on its one line.
 */
@Plugin(name = "EscapeConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"esc"})
public final class EscapeConverter extends LogEventPatternConverter {
    private final List<PatternFormatter> formatters;

    private EscapeConverter(List<PatternFormatter> formatters) {
        super("esc", "esc");
        this.formatters = formatters;
    }

    public static EscapeConverter newInstance(Configuration config, String[] options) {
        if (options == null || options.length < 1) {
            throw new IllegalArgumentException("%esc needs a pattern: %esc{%msg}");
        }
        PatternParser parser = PatternLayout.createPatternParser(config);
        return new EscapeConverter(parser.parse(options[0]));
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        int start = toAppendTo.length();
        for (PatternFormatter f : formatters) {
            f.format(event, toAppendTo);
        }
        String raw = toAppendTo.substring(start);
        toAppendTo.setLength(start);
        ControlCharEscaping.appendEscaped(raw, 0, toAppendTo);
    }
}
