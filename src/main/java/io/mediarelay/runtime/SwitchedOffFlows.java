package io.mediarelay.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.mediarelay.config.RuntimeConfig;

/**
 * Flow files whose switch is off ({@code mediarelay.<flow>.enabled=false} for gfN/pfN flows, or
 * {@code mediarelay.flows.<file id>.enabled=false}). With {@code mediarelay.flows.skip-switched-off=true} (the
 * production profile) they are not loaded at all: a switched-off flow then needs none of its settings and creates
 * and checks none of its endpoints (before, GF4/GF5/PF1/PF5/PF8 failed the start on an empty FTP host).
 */
final class SwitchedOffFlows {
    private static final Pattern NUMBERED = Pattern.compile("^([a-z]+\\d+)-.*");

    private SwitchedOffFlows() {
    }

    /** Camel route patterns ({@code file:/abs/routes/flows/gf4-....camel.yaml}) of the switched-off flow files. */
    static List<String> files(RuntimeConfig config, Path flowsDir) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(flowsDir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(flowsDir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".camel.yaml")) {
                    continue;
                }
                String id = name.substring(0, name.length() - ".camel.yaml".length());
                Matcher m = NUMBERED.matcher(id);
                boolean off = !config.getBoolean("mediarelay.flows." + id + ".enabled", true)
                        || (m.matches() && !config.getBoolean("mediarelay." + m.group(1) + ".enabled", true));
                if (off) {
                    out.add("file:" + f.toAbsolutePath());
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
