package io.mediarelay.runtime.reload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.util.URISupport;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The static endpoint references of a route or kamelet file ({@code to}, {@code from}, {@code wireTap}, short or
 * long form), each with its options and the line every option is written on. Dynamic endpoints ({@code toD},
 * {@code enrich}, ...) are left out: their URI is only known per message.
 */
final class EndpointRefs {
    private static final Set<String> ENDPOINT_KEYS = Set.of("to", "from", "wireTap");

    /** One option of an endpoint: its value as written and the 1-based line it is on. */
    record Option(String value, int line) {
    }

    /** An endpoint as written: the URI without its query, every option (query and parameters), the route it is in. */
    record Ref(String base, int line, Map<String, Option> options, String routeId) {
        String scheme() {
            int colon = base.indexOf(':');
            return colon > 0 ? base.substring(0, colon) : null;
        }
    }

    private EndpointRefs() {
    }

    /** Every static endpoint of {@code text}; empty when the file does not parse (the syntax check reports that). */
    static List<Ref> of(String text) {
        List<Ref> out = new ArrayList<>();
        try {
            Optional<Node> root = new Compose(LoadSettings.builder().setLabel("route file").build()).composeString(text);
            root.ifPresent(n -> walk(n, null, null, out));
        } catch (RuntimeException e) {
            // a file that does not parse has no endpoints to check; the syntax check reports it with its line
        }
        return out;
    }

    private static void walk(Node node, String key, String routeId, List<Ref> out) {
        if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                walk(item, key, routeId, out);
            }
            return;
        }
        if (!(node instanceof MappingNode m)) {
            if (node instanceof ScalarNode s && isEndpoint(key)) {
                add(s, null, routeId, out);
            }
            return;
        }
        String id = routeId;
        if ("route".equals(key) || "template".equals(key)) {
            Node idNode = child(m, "id");
            id = idNode instanceof ScalarNode s ? s.getValue() : routeId;
        }
        if (isEndpoint(key) && child(m, "uri") instanceof ScalarNode uri) {
            add(uri, child(m, "parameters"), id, out);
        }
        for (NodeTuple t : m.getValue()) {
            String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (!"parameters".equals(k) && !"uri".equals(k)) {
                walk(t.getValueNode(), k, id, out);
            }
        }
    }

    private static void add(ScalarNode uri, Node parameters, String routeId, List<Ref> out) {
        String text = uri.getValue();
        int line = line(uri);
        Map<String, Option> options = new LinkedHashMap<>();
        int q = text.indexOf('?');
        String base = q < 0 ? text : text.substring(0, q);
        if (q >= 0) {
            try {
                URISupport.parseQuery(text.substring(q + 1), true).forEach((k, v) ->
                        options.put(k, new Option(v == null ? "" : String.valueOf(v), line)));
            } catch (Exception e) {
                // a query Camel cannot parse fails the build with Camel's own message
            }
        }
        if (parameters instanceof MappingNode p) {
            for (NodeTuple t : p.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    String v = t.getValueNode() instanceof ScalarNode s ? s.getValue() : null;
                    options.put(k.getValue(), new Option(v, line(k)));
                }
            }
        }
        out.add(new Ref(base, line, options, routeId));
    }

    private static boolean isEndpoint(String key) {
        return key != null && ENDPOINT_KEYS.contains(key);
    }

    private static Node child(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s && key.equals(s.getValue())) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private static int line(Node n) {
        return n.getStartMark().map(mk -> mk.getLine() + 1).orElse(0);
    }
}
