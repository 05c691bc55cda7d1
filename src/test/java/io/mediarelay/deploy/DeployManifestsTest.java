package io.mediarelay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mediarelay.runtime.TestRuntimes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image and the Kubernetes manifests checked against the configuration they deploy (neither can be built or
 * applied here: no registry, no cluster). Ports, probe paths, the variables the production profile requires, the
 * Lease permissions and the routes/ ConfigMaps must agree with config/ and routes/, or a deployment fails at start.
 */
class DeployManifestsTest {
    private static final Path ROOT = TestRuntimes.PROJECT;
    private static final Path K8S = ROOT.resolve("deploy/kubernetes");
    private static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Z0-9_]+)(:[^}]*)?}}");

    private static Map<String, String> production;
    private static List<JsonNode> docs;

    @BeforeAll
    static void load() throws IOException {
        production = properties(ROOT.resolve("config/application-production.properties"));
        docs = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode n = it.next();
                        if (n != null && n.has("kind")) {
                            docs.add(n);
                        }
                    }
                }
            }
        }
    }

    @Test
    void dockerfileIsMultiStageNonRootAndCopiesWhatExists() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertTrue(froms.size() >= 2 && froms.get(0).contains(" AS build"), "multi-stage with a build stage: " + froms);
        int lastFrom = lines.lastIndexOf(froms.get(froms.size() - 1));
        List<String> runtime = lines.subList(lastFrom, lines.size());
        String user = runtime.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        String uid = user.substring(5).split(":")[0].trim();
        assertFalse(uid.equals("root") || uid.equals("0"), "the runtime stage runs as a non-root user: " + user);

        Set<String> fromBuild = new HashSet<>();
        for (String l : lines.stream().filter(l -> l.startsWith("COPY ")).toList()) {
            String[] parts = l.split("\\s+");
            boolean fromStage = parts[1].startsWith("--from=");
            List<String> sources = List.of(parts).subList(fromStage ? 2 : 1, parts.length - 1);
            for (String src : sources) {
                if (fromStage) {
                    fromBuild.add(src);
                } else {
                    assertTrue(Files.exists(ROOT.resolve(src)), "COPY source exists in the repository: " + src);
                }
            }
        }
        // what the build stage produces: pom's finalName and the lib/ folder the dependency plugin fills
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        assertTrue(pom.contains("<finalName>mediarelay</finalName>") && fromBuild.contains("/src/target/mediarelay.jar"), "jar copied: " + fromBuild);
        assertTrue(pom.contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>") && fromBuild.contains("/src/target/lib"), "lib/ copied");
        assertTrue(lines.contains("COPY config ./config") && lines.contains("COPY routes ./routes"), "config/ and routes/ in the image");

        Set<Integer> exposed = new TreeSet<>();
        lines.stream().filter(l -> l.startsWith("EXPOSE ")).forEach(l -> List.of(l.substring(7).trim().split("\\s+")).forEach(p -> exposed.add(Integer.parseInt(p))));
        assertEquals(new TreeSet<>(Set.of(defaultOf("camel.server.port"), defaultOf("camel.management.port"))), exposed,
                "EXPOSE = the production profile's HTTP and management ports");
        String env = String.join(" ", lines);
        assertTrue(env.contains("MEDIARELAY_PROFILE=production"), "production profile");
        assertEquals("MEDIARELAY_MANAGEMENT_HOST", envOf("camel.management.host"));
        assertTrue(env.contains("MEDIARELAY_MANAGEMENT_HOST=0.0.0.0"), "management bound so the kubelet reaches it");
    }

    @Test
    void deploymentAgreesWithTheProductionProfile() {
        JsonNode deployment = one("Deployment", "mediarelay");
        assertEquals(3, deployment.at("/spec/replicas").asInt());
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        Map<String, Integer> ports = new HashMap<>();
        container.at("/ports").forEach(p -> ports.put(p.at("/name").asText(), p.at("/containerPort").asInt()));
        Map<String, String> env = environment(container);

        assertEquals(portSetting("camel.server.port", env), ports.get("http"), "container port http = camel.server.port");
        assertEquals(portSetting("camel.management.port", env), ports.get("management"), "container port management = camel.management.port");
        assertEquals("0.0.0.0", env.get(envOf("camel.management.host")), "management server reachable by the kubelet");
        assertEquals("production", env.get("MEDIARELAY_PROFILE"));

        assertEquals("/observe/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/observe/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("management", container.at("/livenessProbe/httpGet/port").asText());
        assertEquals("management", container.at("/readinessProbe/httpGet/port").asText());

        Set<String> required = new TreeSet<>();
        production.values().forEach(v -> {
            Matcher m = ENV.matcher(v);
            while (m.find()) {
                if (m.group(2) == null) {
                    required.add(m.group(1));
                }
            }
        });
        assertFalse(required.isEmpty());
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(env.keySet());
        assertTrue(missing.isEmpty(), "variables the production profile requires and the Deployment does not set: " + missing);
        for (String secret : List.of("MEDIARELAY_DB_PASSWORD", "MEDIARELAY_ADMIN_TOKEN", "GETTY_CLIENT_SECRET")) {
            assertTrue(one("Secret", "mediarelay-credentials").at("/stringData").has(secret), secret + " comes from the Secret");
        }

        assertEquals("kubernetes", env.get(envOf("mediarelay.cluster.engine")), "leadership by Kubernetes Leases");
        Set<String> fieldRefs = new HashSet<>();
        container.at("/env").forEach(e -> {
            if (e.at("/valueFrom/fieldRef").isObject()) {
                fieldRefs.add(e.at("/name").asText());
            }
        });
        assertTrue(fieldRefs.containsAll(List.of(envOf("mediarelay.cluster.kubernetes.pod-name"), envOf("mediarelay.cluster.kubernetes.namespace"))),
                "pod name and namespace from the downward API: " + fieldRefs);

        String dbHost = env.get("MEDIARELAY_DB_URL").replaceFirst("jdbc:postgresql://([^:/]+).*", "$1");
        assertEquals("ExternalName", one("Service", dbHost).at("/spec/type").asText(), "PostgreSQL is an external Service");
    }

    @Test
    void leaseRoleIsBoundToTheDeploymentsServiceAccount() {
        String account = one("Deployment", "mediarelay").at("/spec/template/spec/serviceAccountName").asText();
        one("ServiceAccount", account);
        JsonNode binding = docs.stream().filter(d -> d.at("/kind").asText().equals("RoleBinding")
                && d.at("/subjects/0/name").asText().equals(account)).findFirst().orElseThrow();
        JsonNode role = one("Role", binding.at("/roleRef/name").asText());
        boolean leases = false;
        for (JsonNode rule : role.at("/rules")) {
            if (rule.at("/apiGroups").toString().contains("coordination.k8s.io") && rule.at("/resources").toString().contains("leases")) {
                String verbs = rule.at("/verbs").toString();
                leases = List.of("get", "create", "update").stream().allMatch(v -> verbs.contains("\"" + v + "\""));
            }
        }
        assertTrue(leases, "the Role may get, create and update Leases");
    }

    @Test
    void everyRoutesFolderComesFromAConfigMapTheScriptMaintains() throws IOException {
        JsonNode pod = one("Deployment", "mediarelay").at("/spec/template/spec");
        Map<String, String> configMapOfVolume = new HashMap<>();
        pod.at("/volumes").forEach(v -> {
            if (v.has("configMap")) {
                configMapOfVolume.put(v.at("/name").asText(), v.at("/configMap/name").asText());
            }
        });
        Map<String, String> mounted = new LinkedHashMap<>();
        pod.at("/containers/0/volumeMounts").forEach(m -> {
            String cm = configMapOfVolume.get(m.at("/name").asText());
            if (cm != null) {
                mounted.put(m.at("/mountPath").asText(), cm);
            }
        });
        String script = Files.readString(K8S.resolve("routes-configmaps.sh"));
        try (Stream<Path> folders = Files.list(ROOT.resolve("routes"))) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                String name = folder.getFileName().toString();
                String cm = mounted.get("/app/routes/" + name);
                assertNotNull(cm, "routes/" + name + " is mounted from a ConfigMap");
                assertEquals("mediarelay-" + name, cm);
                assertTrue(script.contains(" " + name) || script.contains(name + " "), "routes-configmaps.sh maintains " + cm);
            }
        }
        JsonNode envFrom = pod.at("/containers/0/envFrom");
        envFrom.forEach(e -> {
            if (e.has("configMapRef")) {
                one("ConfigMap", e.at("/configMapRef/name").asText());
            } else {
                one("Secret", e.at("/secretRef/name").asText());
            }
        });
    }

    private static Map<String, String> environment(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.at("/envFrom").forEach(e -> {
            JsonNode source = e.has("configMapRef") ? one("ConfigMap", e.at("/configMapRef/name").asText()).at("/data")
                    : one("Secret", e.at("/secretRef/name").asText()).at("/stringData");
            source.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        });
        container.at("/env").forEach(e -> env.put(e.at("/name").asText(), e.at("/value").asText("")));
        return env;
    }

    private static JsonNode one(String kind, String name) {
        return docs.stream().filter(d -> d.at("/kind").asText().equals(kind) && d.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/kubernetes"));
    }

    /** The variable a production property reads ({{env:NAME...}}). */
    private static String envOf(String key) {
        Matcher m = ENV.matcher(production.getOrDefault(key, ""));
        assertTrue(m.find(), key + " is read from the environment in the production profile");
        return m.group(1);
    }

    private static int defaultOf(String key) {
        Matcher m = ENV.matcher(production.getOrDefault(key, ""));
        assertTrue(m.find() && m.group(2) != null, key + " has a default in the production profile");
        return Integer.parseInt(m.group(2).substring(1));
    }

    /** What the production profile resolves the port to under the Deployment's environment. */
    private static int portSetting(String key, Map<String, String> env) {
        String var = envOf(key);
        return env.containsKey(var) ? Integer.parseInt(env.get(var)) : defaultOf(key);
    }

    private static Map<String, String> properties(Path file) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
