package io.mediarelay.runtime.reload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.NoSuchBeanException;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Turns whatever Camel threw while loading or building route files into one {@code file:line: message}: one line,
 * no stack trace, no secrets, the line found by searching the file for the offending name when Camel gives none.
 */
final class ProblemMapper {
    private static final Pattern NO_COMPONENT = Pattern.compile(
            "(?:No component found with scheme: |No endpoint could be found for: )([A-Za-z0-9+.-]+)");
    private static final Pattern UNKNOWN_OPTION = Pattern.compile("Unknown parameters=\\[\\{([^=}]+)=");
    private static final Pattern NO_PROPERTY = Pattern.compile("Property with key \\[([^\\]]+)\\] not found");
    private static final Pattern NO_ROUTE_CONFIG = Pattern.compile("[Rr]oute[Cc]onfiguration with id:? ?'?([^\\s']+)");
    private static final Pattern SECRET = Pattern.compile(
            "(?i)((?:password|passphrase|secret|token|accesskey|secretkey|apikey|client_secret)=)([^&\\s,\\]\"']*)");
    private static final Pattern RAW_SECRET = Pattern.compile("(?i)(password|passphrase|secret|token)=RAW\\([^)]*\\)");

    private ProblemMapper() {
    }

    /**
     * @param files     content of every file in play, to search for the offending name
     * @param preferred the files being checked: a hit there wins over a hit in an unchanged file
     * @param fallback  the file to blame when nothing points elsewhere
     */
    static ReloadProblem map(Throwable error, Map<Path, String> files, Collection<Path> preferred, Path fallback) {
        MarkedYamlEngineException yaml = find(error, MarkedYamlEngineException.class);
        if (yaml != null) {
            int line = yaml.getProblemMark().or(yaml::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String what = yaml.getProblem() != null ? yaml.getProblem() : yaml.getContext();
            return new ReloadProblem(RouteFiles.display(fallback), line, "invalid route: " + clean(what));
        }
        String all = messages(error);
        Matcher m = NO_COMPONENT.matcher(all);
        if (m.find()) {
            return at(files, preferred, fallback, m.group(1) + ":", "unknown component '" + m.group(1) + "'");
        }
        m = UNKNOWN_OPTION.matcher(all);
        if (m.find()) {
            return at(files, preferred, fallback, m.group(1), "unknown endpoint option '" + m.group(1) + "'");
        }
        m = NO_PROPERTY.matcher(all);
        if (m.find()) {
            return at(files, preferred, fallback, "{{" + m.group(1), "missing property '" + m.group(1) + "'");
        }
        m = NO_ROUTE_CONFIG.matcher(all);
        if (m.find()) {
            return at(files, preferred, fallback, m.group(1), "unknown routeConfigurationId '" + m.group(1) + "'");
        }
        NoSuchBeanException bean = find(error, NoSuchBeanException.class);
        if (bean != null && bean.getName() != null) {
            return at(files, preferred, fallback, bean.getName(), "unknown bean '" + bean.getName() + "'");
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new ReloadProblem(RouteFiles.display(fallback), 0, clean(root.getMessage() != null ? root.getMessage()
                : root.getClass().getSimpleName()));
    }

    /** The problem placed on the first line mentioning {@code needle}: in the checked files first, then anywhere. */
    static ReloadProblem at(Map<Path, String> files, Collection<Path> preferred, Path fallback, String needle, String message) {
        List<Path> order = new ArrayList<>(preferred);
        files.keySet().stream().filter(f -> !preferred.contains(f)).forEach(order::add);
        for (Path f : order) {
            int line = RouteFiles.lineOf(files.get(f), needle);
            if (line > 0) {
                return new ReloadProblem(RouteFiles.display(f), line, message);
            }
        }
        return new ReloadProblem(RouteFiles.display(fallback), 0, message);
    }

    /** One line, secrets masked, bounded length. */
    static String clean(String message) {
        if (message == null) {
            return "";
        }
        String s = message.replaceAll("\\s+", " ").trim();
        s = RAW_SECRET.matcher(s).replaceAll("$1=xxxxxx");
        s = SECRET.matcher(s).replaceAll("$1xxxxxx");
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }

    private static String messages(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
