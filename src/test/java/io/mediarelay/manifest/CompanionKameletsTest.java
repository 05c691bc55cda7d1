package io.mediarelay.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.common.FlowIdTagger;
import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The companion-file kamelets as a route author uses them, on a bare Camel context (camel-test-junit5, no
 * mediarelay runtime, no registry beans): each kamelet declares its own bean, so the file in routes/kamelets is all
 * Camel needs, besides the flow-id tagging every mediarelay context has. The two steps GF flows chain (XMP sidecar, then JSON companion) name their files after the asset, carry
 * its metadata and the flow id of the calling route.
 */
class CompanionKameletsTest extends CamelTestSupport {

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getComponent("kamelet", KameletComponent.class).setLocation("file:routes/kamelets");
        // the flow id tagging runtime.MediarelayBeans installs (the one shared piece the steps rely on)
        context.getManagementStrategy().addEventNotifier(new FlowIdTagger());
        context.addRoutePolicyFactory(FlowIdTagger.POLICY);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:asset").routeId("companion-test-flow")
                        .to("kamelet:xmp-sidecar-action").to("mock:xmp")
                        .to("kamelet:companion-json-action").to("mock:json");
            }
        };
    }

    @Test
    void sidecarAndJsonCompanionAreNamedAfterTheAssetAndCarryItsMetadata() throws Exception {
        MockEndpoint xmp = getMockEndpoint("mock:xmp");
        MockEndpoint json = getMockEndpoint("mock:json");
        xmp.expectedMessageCount(1);
        xmp.expectedHeaderReceived(Exchange.FILE_NAME, "beach-1.xmp");
        json.expectedMessageCount(1);
        json.expectedHeaderReceived(Exchange.FILE_NAME, "beach-1.xmp.json");

        template.sendBodyAndHeaders("direct:asset", new byte[] {1, 2, 3}, Map.of(
                Exchange.FILE_NAME, "beach-1.jpg",
                DeliveryHeaders.ASSET_ID, "A-1",
                DeliveryHeaders.DESTINATION, "cms-ftp",
                AssetMetadata.META_PREFIX + "Title", "Beach <at> dawn",
                AssetMetadata.META_PREFIX + "Restrictions", "Editorial use only."));

        MockEndpoint.assertIsSatisfied(context);
        String sidecar = xmp.getReceivedExchanges().get(0).getIn().getBody(String.class);
        // well-formed XML whose title reads back as given (markup in metadata is escaped, not injected)
        var dbf = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        var dom = dbf.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(sidecar.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("Beach <at> dawn", dom.getElementsByTagNameNS("http://purl.org/dc/elements/1.1/", "title").item(0).getTextContent());
        assertEquals("A-1", dom.getElementsByTagNameNS("http://ns.mediarelay.io/license/1.0/", "AssetId").item(0).getTextContent());
        assertTrue(sidecar.contains("Editorial use only."), sidecar);

        JsonNode doc = new ObjectMapper().readTree(json.getReceivedExchanges().get(0).getIn().getBody(byte[].class));
        assertEquals("A-1", doc.get("assetId").asText());
        assertEquals("Beach <at> dawn", doc.get("title").asText());
        assertEquals("Editorial use only.", doc.get("restrictions").asText());
        assertEquals("cms-ftp", doc.get("destination").asText());
        assertEquals("companion-test-flow", doc.get("flow").asText(), "the calling route's id reaches the kamelet step");
        assertTrue(doc.has("licenseEnd") && doc.get("licenseEnd").isNull(), "every field present, null when unknown");
    }
}
