package io.mediarelay.runtime.cli;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.flows.FlowInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code mediarelay flows}: the flows of the running instance with source, destination, schedule and state. */
@Command(name = "flows", description = "List flows: id, state, messages retrying / dead, schedule, source, destination.")
final class FlowsCommand implements Callable<Integer> {
    @CommandLine.Mixin
    MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

    @Override
    public Integer call() throws Exception {
        RuntimeConfig config = options.load();
        java.net.http.HttpResponse<String> response;
        try {
            response = new AdminClient(config).call("GET", "/admin/flows");
        } catch (AdminClient.NotRunningException e) {
            System.err.println("mediarelay: " + e.getMessage() + "; listing flows from the route files");
            print(StaticFlows.list(config));
            return 0;
        }
        if (response.statusCode() != 200) {
            throw new ConfigException("admin API answered " + response.statusCode() + ": " + response.body());
        }
        List<FlowInfo> flows = new ObjectMapper().readValue(response.body(), new TypeReference<>() { });
        print(flows);
        return 0;
    }

    static void print(List<FlowInfo> flows) {
        String fmt = "%-28s %-11s %-9s %-5s %-26s %s%n";
        System.out.printf(fmt, "FLOW", "STATE", "RETRYING", "DEAD", "SCHEDULE", "SOURCE -> DESTINATION");
        for (FlowInfo f : flows) {
            System.out.printf(fmt, f.id(), f.state(), f.retrying(), f.dead(), f.schedule(), f.source() + " -> " + f.destination());
        }
    }
}
