package io.mediarelay.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime binds licenseRegistry and licenseGate on its database, and the kamelet finds the gate. */
class LicenseRuntimeWiringTest {
    @TempDir
    Path data;

    @Test
    void runtimeBindsTheGateAndTheKameletUsesIt() throws Exception {
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(data)).start()) {
            var registry = runtime.context().getRegistry();
            LicenseRegistry licenses = assertInstanceOf(LicenseRegistry.class, registry.lookupByName("licenseRegistry"));
            assertInstanceOf(LicenseGate.class, registry.lookupByName("licenseGate"));
            runtime.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:wired?timeout=2000").routeId("wired").to("kamelet:license-gate-action?channel=social&territory=DE");
                }
            });
            // the runtime's supervising route controller does not auto-start routes added later
            runtime.context().getRouteController().startRoute("wired");
            var producer = runtime.context().createProducerTemplate();
            CamelExecutionException e = assertThrows(CamelExecutionException.class,
                    () -> producer.sendBodyAndHeader("direct:wired", "x", DeliveryHeaders.ASSET_ID, "W1"));
            LicenseDeniedException denied = assertInstanceOf(LicenseDeniedException.class, e.getCause());
            assertEquals(Verdict.NO_LICENSE, denied.decision().verdict());

            licenses.putLicense(License.of("L-W1", "test", "W1", Set.of("DE", "AT"), Set.of("social"),
                    LocalDate.now().minusDays(1), LocalDate.now().plusDays(1)));
            Exchange ok = producer.request("direct:wired", x -> x.getIn().setHeader(DeliveryHeaders.ASSET_ID, "W1"));
            assertEquals("L-W1", ok.getMessage().getHeader(LicenseHeaders.LICENSE_ID));
            assertTrue(licenses.tryMarkAlert("L-W1", "expiring-7"), "same database as the runtime");
        }
    }
}
