package io.mediarelay.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * bin/mediarelay (and the Docker image) start the JVM with {@code @bin/jvm.options}: an option this JDK does not know
 * would stop every start ("Unrecognized VM option"). Each memory option is checked for the value it sets, as the JVM
 * reports it (bench/idle.sh measures what they are for: RSS <= 300 MB at -Xmx256m).
 */
class JvmOptionsTest {

    @Test
    void theJvmAcceptsBinJvmOptionsAndAppliesThem() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "@" + TestRuntimes.PROJECT.resolve("bin/jvm.options"),
                "-XX:+PrintFlagsFinal", "-version")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("true", flag(out, "UseSerialGC"));
        assertEquals(String.valueOf(256L << 20), flag(out, "MaxHeapSize"));
        assertEquals("30000", flag(out, "TrimNativeHeapInterval"), "malloc's free memory is given back every 30 s");
        assertEquals("0", flag(out, "AsyncDeflationInterval"));
        assertEquals("false", flag(out, "UsePerfData"));
    }

    private static String flag(String printFlagsFinal, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\s+=\\s+(\\S+)").matcher(printFlagsFinal);
        assertTrue(m.find(), name + " not reported");
        return m.group(1);
    }
}
