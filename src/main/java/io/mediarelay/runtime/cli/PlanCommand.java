package io.mediarelay.runtime.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.getty.GettyConfiguration;
import io.mediarelay.plan.FlowPlan;
import io.mediarelay.plan.FlowPlanner;
import io.mediarelay.plan.PlanItem;
import io.mediarelay.runtime.admin.CliQueries;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code mediarelay plan <flow>}: what a run of a Getty -> FTP flow would license, deliver and skip, without
 * licensing, uploading or moving a cursor (see {@link FlowPlanner}). Reads the database directly and calls Getty with
 * the {@code camel.component.getty.*} settings of the profile (embedded: the sandbox of the running runtime); while a
 * runtime holds the database the runtime makes the plan ({@code GET /admin/plan/{flow}}) and this prints it.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Dry run of a Getty -> FTP flow (gf1, gf2, gf3, gf6, gf7, gf8): what it would license, deliver and skip.")
final class PlanCommand implements Callable<Integer> {
    @CommandLine.Mixin
    MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

    @Parameters(index = "0", paramLabel = "FLOW", description = "gf1, gf2, gf3, gf6, gf7, gf8 or one route id of them.")
    String flow;

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean asJson;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RuntimeConfig config = options.load();
        PrintWriter out = spec.commandLine().getOut();
        Quiet.camelLogs();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            FlowPlan plan;
            GettyConfiguration getty = gettyConfiguration(camel, config);
            try {
                plan = FromDatabaseOrRuntime.read(config, ds -> CliQueries.plan(config, ds, getty, camel, flow),
                        "/admin/plan/" + java.net.URLEncoder.encode(flow, java.nio.charset.StandardCharsets.UTF_8),
                        new TypeReference<FlowPlan>() { });
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("mediarelay: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 2;
            } catch (Exception e) {
                if (unreachable(e)) {
                    // the embedded profile's Getty is the sandbox inside the runtime: no runtime, no Getty
                    spec.commandLine().getErr().println("mediarelay: Getty at " + getty.getBaseUrl() + " is not reachable"
                            + ("embedded".equals(config.profile()) ? "; the embedded sandbox runs inside the runtime: start"
                            + " 'java -jar target/mediarelay.jar' first (same --set ports)" : ""));
                    spec.commandLine().getErr().flush();
                    return 1;
                }
                throw e;
            }
            if (asJson) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plan));
            } else {
                print(out, plan);
            }
            out.flush();
            return 0;
        }
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || String.valueOf(t.getMessage()).contains("ConnectException")) {
                return true;
            }
        }
        return false;
    }

    /** camel.component.getty.* of the profile, bound the way camel-main binds them on the component. */
    static GettyConfiguration gettyConfiguration(DefaultCamelContext camel, RuntimeConfig config) {
        Map<String, Object> props = new LinkedHashMap<>();
        String prefix = "camel.component.getty.";
        for (String k : config.properties().stringPropertyNames()) {
            if (k.startsWith(prefix)) {
                props.put(k.substring(prefix.length()), config.get(k));
            }
        }
        props.remove("dataSource");
        GettyConfiguration cfg = new GettyConfiguration();
        PropertyBindingSupport.build().withIgnoreCase(true).withRemoveParameters(false).bind(camel, cfg, props);
        return cfg;
    }

    static void print(PrintWriter out, FlowPlan plan) {
        out.printf("Plan for %s (%s) at %s - nothing is licensed, uploaded or moved%n%n", plan.flow(),
                String.join(", ", plan.routes()), plan.generatedAt());
        String fmt = "%-8s %-38s %-14s %-7s %-22s %-18s %-60s %10s  %s%n";
        out.printf(fmt, "ACTION", "ROUTE", "ASSET", "TYPE", "CODE", "PRODUCT", "REMOTE PATH", "BYTES", "REASON");
        for (PlanItem i : plan.items()) {
            out.printf(fmt, i.action(), i.route(), i.assetId(), i.assetType(), i.code(), nz(i.product()),
                    nz(i.remotePath()) + (i.companions().isEmpty() ? "" : " +" + i.companions().size()),
                    i.bytes() == null ? "-" : i.bytes(), nz(i.reason()));
        }
        out.println();
        for (FlowPlan.ProductUse p : plan.products()) {
            out.printf("Product %s %s (%s): %s downloads remaining now, %d new license(s), %s after this run%n",
                    p.productId(), p.name(), p.type(), p.downloadsRemaining() == null ? "unlimited" : p.downloadsRemaining(),
                    p.newLicenses(), p.remainingAfter() == null ? "unlimited" : p.remainingAfter());
        }
        long bytes = plan.items().stream().filter(i -> !i.action().equals(PlanItem.SKIP) && i.bytes() != null)
                .mapToLong(PlanItem::bytes).sum();
        out.printf("Would license %d, deliver %d (%d bytes known), skip %d.%n", plan.count(PlanItem.LICENSE),
                plan.count(PlanItem.LICENSE) + plan.count(PlanItem.DELIVER), bytes, plan.count(PlanItem.SKIP));
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }
}
