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

/**
 * Kamelet parameters are checked against the kamelet's spec.definition and endpoint options against the component's
 * catalog model, each mistake on its own file:line (issue #10 finding 5: {@code noSuchParameter: 42} used to pass).
 */
class ParameterCheckTest {
    @TempDir
    Path tmp;
    Path routes;
    RouteValidator validator;

    @BeforeEach
    void setUp() {
        routes = RouteFixtures.copyRoutes(tmp.resolve("routes"));
        Properties props = TestRuntimes.config(tmp.resolve("data")).properties();
        props.setProperty("test.port.text", "twenty-one");
        props.setProperty("test.port.number", "2121");
        validator = new RouteValidator(routes, props, new OfflineBeans(props));
    }

    private List<ReloadProblem> check(String name, String text) {
        Path f = routes.resolve("flows/" + name);
        RouteFixtures.write(f, text);
        List<ReloadProblem> problems = validator.validateFiles(List.of(f));
        problems.forEach(p -> System.out.println("PROBLEM " + p.format()));
        return problems;
    }

    private static String ftpSink(String params) {
        return "        - to:\n"
                + "            id: up\n"
                + "            uri: kamelet:ftp-upload-sink\n"
                + "            parameters:\n"
                + params;
    }

    private static final String OK = "              destination: dropfolder\n";

    /** getty-comparison-action: the kamelet with an integer parameter ({@code matches}). */
    private static String comparison(String params) {
        return "        - to:\n"
                + "            id: compare\n"
                + "            uri: kamelet:getty-comparison-action\n"
                + "            parameters:\n"
                + params;
    }

    @Test
    void unknownKameletParameterIsRefusedOnItsLine() {
        var p = check("k.camel.yaml", RouteFixtures.timerFlow("k", ftpSink(OK + "              noSuchParameter: 42\n")));
        assertEquals(List.of(new ReloadProblem(p.get(0).file(), 13,
                "kamelet 'ftp-upload-sink' has no parameter 'noSuchParameter'")), p);
    }

    @Test
    void unknownKameletParameterInTheUriQuery() {
        var p = check("q.camel.yaml", RouteFixtures.timerFlow("q", "        - to: \"kamelet:companion-json-action?bogus=1\"\n"));
        assertEquals(List.of(new ReloadProblem(p.get(0).file(), 8,
                "kamelet 'companion-json-action' has no parameter 'bogus'")), p);
    }

    @Test
    void missingRequiredKameletParameter() {
        var p = check("r.camel.yaml", RouteFixtures.timerFlow("r", ftpSink("              setDeliveryHeaders: false\n")
                .replace("ftp-upload-sink", "ftp-delivery-sink")));
        assertEquals(List.of(new ReloadProblem(p.get(0).file(), 10,
                "kamelet 'ftp-delivery-sink' needs parameter 'destination'")), p);
    }

    @Test
    void kameletParameterOfTheWrongTypeEachOnItsLine() {
        var p = check("t.camel.yaml", RouteFixtures.timerFlow("t", comparison("              matches: \"{{test.port.text}}\"\n")
                + comparison("              matches: soon\n").replace("id: compare", "id: compare-again")));
        assertEquals(List.of(
                new ReloadProblem(p.get(0).file(), 12, "kamelet 'getty-comparison-action' parameter 'matches' must be an integer, got 'twenty-one'"),
                new ReloadProblem(p.get(0).file(), 17, "kamelet 'getty-comparison-action' parameter 'matches' must be an integer, got 'soon'")), p);
    }

    @Test
    void placeholdersResolveBeforeTheTypeCheckAndUnresolvableOnesAreSkipped() {
        var p = check("ok.camel.yaml", RouteFixtures.timerFlow("ok", comparison("              matches: \"{{test.port.number}}\"\n")
                + comparison("              matches: \"{{env:MEDIARELAY_NO_SUCH_VARIABLE_SET:5000}}\"\n")
                        .replace("id: compare", "id: compare-again")));
        assertEquals(List.of(), p);
    }

    @Test
    void componentOptionsAreCheckedEachOnItsLine() {
        var p = check("c.camel.yaml", RouteFixtures.timerFlow("c", "        - to:\n"
                + "            uri: \"ftp:localhost:21/x?binary=maybe\"\n"
                + "            parameters:\n"
                + "              soTimeout: later\n"
                + "              noSuchOption: 1\n"));
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.contains(new ReloadProblem(p.get(0).file(), 9, "ftp option 'binary' must be a boolean, got 'maybe'")), p.toString());
        assertTrue(p.contains(new ReloadProblem(p.get(0).file(), 11, "ftp option 'soTimeout' must be a duration, got 'later'")), p.toString());
        assertTrue(p.contains(new ReloadProblem(p.get(0).file(), 12, "ftp has no option 'noSuchOption'")), p.toString());
    }

    @Test
    void componentEnumOption() {
        var p = check("e.camel.yaml", RouteFixtures.timerFlow("e", "        - to:\n"
                + "            uri: \"file:/tmp/x\"\n"
                + "            parameters:\n"
                + "              fileExist: Sometimes\n"));
        assertEquals(1, p.size(), p.toString());
        assertEquals(11, p.get(0).line());
        assertTrue(p.get(0).message().startsWith("file option 'fileExist' must be one of ["), p.toString());
    }

    @Test
    void aKameletTemplateIsCheckedToo() {
        Path k = routes.resolve("kamelets/getty-metadata-action.kamelet.yaml");
        String text = RouteFiles.readOrNull(k).replace("              fields: detail_set\n", "              feilds: detail_set\n");
        RouteFixtures.write(k, text);
        List<ReloadProblem> p = validator.validateFiles(List.of(k));
        assertEquals(1, p.size(), p.toString());
        assertEquals("getty has no option 'feilds'", p.get(0).message());
        assertEquals(RouteFiles.lineOf(text, "feilds"), p.get(0).line());
    }

    @Test
    void optionsOfOurOwnComponentsAreCheckedFromTheirEndpointAnnotations() {
        var p = check("g.camel.yaml", RouteFixtures.timerFlow("g", "        - to:\n"
                + "            uri: \"getty:search?pageSize=many\"\n"
                + "            parameters:\n"
                + "              assetFamily: stock\n"
                + "              query.sort_order: newest\n"
                + "              pageSzie: 10\n"));
        assertEquals(List.of(
                new ReloadProblem(p.get(0).file(), 9, "getty option 'pageSize' must be an integer, got 'many'"),
                new ReloadProblem(p.get(0).file(), 11, "getty option 'assetFamily' must be one of [creative, editorial, blended], got 'stock'"),
                new ReloadProblem(p.get(0).file(), 13, "getty has no option 'pageSzie'")), p);
    }
}
