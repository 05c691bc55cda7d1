package io.mediarelay.runtime.reload;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * What a route file declares, read with the same YAML parser as Camel's YAML DSL but before Camel sees it: syntax
 * errors come out with the parser's line, and ids come with the line they are on, so that duplicate route ids and
 * unknown routeConfigurationIds can be reported where they are written.
 */
record YamlIndex(List<Id> routeIds, List<Id> routeConfigurationIds, List<Id> routeConfigurationRefs, String syntaxError,
                 int syntaxLine) {

    /** An id and its 1-based line. */
    record Id(String value, int line) {
    }

    boolean syntaxOk() {
        return syntaxError == null;
    }

    static YamlIndex of(String text) {
        List<Id> routes = new ArrayList<>();
        List<Id> configs = new ArrayList<>();
        List<Id> refs = new ArrayList<>();
        try {
            Optional<Node> root = new Compose(LoadSettings.builder().setLabel("route file").build()).composeString(text);
            if (root.isPresent() && root.get() instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    if (!(item instanceof MappingNode m)) {
                        continue;
                    }
                    for (NodeTuple t : m.getValue()) {
                        String key = scalar(t.getKeyNode());
                        if ("route".equals(key)) {
                            addChild(t.getValueNode(), "id", routes);
                            addChild(t.getValueNode(), "routeConfigurationId", refs);
                        } else if ("routeConfiguration".equals(key)) {
                            addChild(t.getValueNode(), "id", configs);
                        }
                    }
                }
            }
            return new YamlIndex(routes, configs, refs, null, 0);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(mk -> mk.getLine() + 1).orElse(0);
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            String context = e.getContext() != null && e.getProblem() != null ? " (" + e.getContext() + ")" : "";
            return new YamlIndex(routes, configs, refs, "YAML syntax error: " + oneLine(problem + context), line);
        } catch (YamlEngineException e) {
            return new YamlIndex(routes, configs, refs, "YAML syntax error: " + oneLine(e.getMessage()), 0);
        }
    }

    private static void addChild(Node node, String key, List<Id> into) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (key.equals(scalar(t.getKeyNode())) && t.getValueNode() instanceof ScalarNode v) {
                    into.add(new Id(v.getValue(), v.getStartMark().map(mk -> mk.getLine() + 1).orElse(0)));
                }
            }
        }
    }

    private static String scalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
