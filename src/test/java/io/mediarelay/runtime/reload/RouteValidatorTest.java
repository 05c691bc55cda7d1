package io.mediarelay.runtime.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.cli.OfflineBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validator alone, offline (no running instance): every kind of mistake comes back as file:line: message. */
class RouteValidatorTest {
    @TempDir
    Path tmp;
    Path routes;
    RouteValidator validator;

    @BeforeEach
    void setUp() {
        routes = RouteFixtures.copyRoutes(tmp.resolve("routes"));
        Properties props = TestRuntimes.config(tmp.resolve("data")).properties();
        validator = new RouteValidator(routes, props, new OfflineBeans(props));
    }

    private List<ReloadProblem> check(String name, String text) {
        Path f = routes.resolve("flows/" + name);
        RouteFixtures.write(f, text);
        List<ReloadProblem> problems = validator.validateFiles(List.of(f));
        problems.forEach(p -> System.out.println("PROBLEM " + p.format()));
        return problems;
    }

    @Test
    void projectRoutesAreValid() {
        List<ReloadProblem> problems = validator.validateFiles(List.of());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void yamlSyntaxError() {
        var p = check("bad.camel.yaml", RouteFixtures.timerFlow("bad", null).replace("      steps:", "      steps: [oops"));
        assertEquals(1, p.size());
        assertTrue(p.get(0).file().endsWith("bad.camel.yaml"));
        assertTrue(p.get(0).line() >= 4, p.toString());
    }

    @Test
    void unknownComponent() {
        var p = check("c.camel.yaml", RouteFixtures.timerFlow("c", "        - to:\n            uri: nosuchcomponent:foo\n"));
        assertEquals(List.of(new ReloadProblem(p.get(0).file(), 9, "unknown component 'nosuchcomponent'")), p);
    }

    @Test
    void unknownKamelet() {
        var p = check("k.camel.yaml", RouteFixtures.timerFlow("k", "        - to:\n            uri: kamelet:no-such-kamelet\n"));
        assertEquals(List.of(new ReloadProblem(p.get(0).file(), 9, "unknown kamelet 'no-such-kamelet' (no kamelets/no-such-kamelet.kamelet.yaml)")), p);
    }

    @Test
    void missingPlaceholder() {
        var p = check("m.camel.yaml", RouteFixtures.timerFlow("m", "        - to:\n            uri: \"log:{{no.such.key}}\"\n"));
        assertEquals(List.of(new ReloadProblem(p.get(0).file(), 9, "missing property 'no.such.key'")), p);
    }

    @Test
    void unknownRouteConfiguration() {
        var p = check("r.camel.yaml", RouteFixtures.timerFlow("r", null).replace("    id: r\n", "    id: r\n    routeConfigurationId: nope\n"));
        assertEquals(List.of(new ReloadProblem(p.get(0).file(), 3, "unknown routeConfigurationId 'nope'")), p);
    }

    @Test
    void duplicateRouteId() {
        var p = check("d.camel.yaml", RouteFixtures.timerFlow("dropfolder-to-ftp", null));
        assertEquals(1, p.size());
        assertEquals(2, p.get(0).line());
        assertTrue(p.get(0).message().startsWith("duplicate route id 'dropfolder-to-ftp' (also at "), p.toString());
    }

    @Test
    void unknownFieldInRoute() {
        var p = check("f.camel.yaml", RouteFixtures.timerFlow("f", "        - setHeader:\n            nam: x\n            constant: y\n"));
        assertEquals(1, p.size());
        System.out.println(p);
    }

    @Test
    void secretsNeverInMessages() {
        var p = check("s.camel.yaml", RouteFixtures.timerFlow("s", "        - to:\n            uri: \"ftp:host?password=hunter2&nosuchoption=1\"\n"));
        assertEquals(1, p.size());
        assertTrue(!p.get(0).message().contains("hunter2"), p.toString());
    }
}
