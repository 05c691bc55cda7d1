package io.mediarelay.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.getty.GettyComponent;
import io.mediarelay.getty.GettyEndpoint;
import io.mediarelay.photoshelter.PhotoShelterComponent;
import org.apache.camel.catalog.RuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.GeneratedPropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * getty: and photoshelter: as Camel tooling sees them: the component JSON of the catalog (options and documented
 * headers), the generated configurers (not reflection) and the endpoint URI factories, all made by
 * camel-package-maven-plugin from the annotations.
 */
class ComponentCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"getty", "photoshelter"})
    void catalogListsTheOptionsAndDocumentedHeaders(String scheme) throws Exception {
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            String json = ctx.getComponentParameterJsonSchema(scheme);
            assertNotNull(json, "no component JSON for " + scheme + " on the classpath");
            JsonNode root = JSON.readTree(json);
            assertEquals(scheme, root.path("component").path("scheme").asText());

            JsonNode componentOptions = root.path("componentProperties");
            for (String option : List.of("baseUrl", "apiKey", "qps", "connectTimeout", "readTimeout", "maxAttempts",
                    "initialBackoff", "maxBackoff", "dataSource")) {
                assertTrue(componentOptions.has(option), scheme + ": component option " + option + " missing");
            }
            assertTrue(componentOptions.path("apiKey").path("secret").asBoolean(), "apiKey must be marked secret");
            assertTrue(componentOptions.path("password").path("secret").asBoolean(), "password must be marked secret");
            assertTrue(root.path("properties").path("operation").path("required").asBoolean());

            JsonNode headers = root.path("headers");
            assertFalse(headers.isEmpty(), scheme + ": no headers in the catalog (headersClass)");
            List<String> undocumented = new ArrayList<>();
            headers.fields().forEachRemaining(h -> {
                if (h.getValue().path("description").asText().isBlank()) {
                    undocumented.add(h.getKey());
                }
            });
            assertTrue(undocumented.isEmpty(), scheme + ": headers without a description: " + undocumented);

            // the same JSON through the runtime catalog, which is what validators and consoles use
            RuntimeCamelCatalog catalog = PluginHelper.getRuntimeCamelCatalog(ctx);
            assertEquals(json, catalog.componentJSonSchema(scheme));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"getty", "photoshelter"})
    void generatedConfigurersAndUriFactoryAreUsed(String scheme) throws Exception {
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            PropertyConfigurer component = PluginHelper.getConfigurerResolver(ctx)
                    .resolvePropertyConfigurer(scheme + "-component", ctx);
            PropertyConfigurer endpoint = PluginHelper.getConfigurerResolver(ctx)
                    .resolvePropertyConfigurer(scheme + "-endpoint", ctx);
            assertInstanceOf(GeneratedPropertyConfigurer.class, component, scheme + "-component configurer");
            assertInstanceOf(GeneratedPropertyConfigurer.class, endpoint, scheme + "-endpoint configurer");
            // the component hands Camel the generated configurer, so property binding does not fall back to reflection
            assertInstanceOf(GeneratedPropertyConfigurer.class, ctx.getComponent(scheme).getComponentPropertyConfigurer());
            assertInstanceOf(GeneratedPropertyConfigurer.class, ctx.getComponent(scheme).getEndpointPropertyConfigurer());

            EndpointUriFactory factory = ctx.getCamelContextExtension().getEndpointUriFactory(scheme);
            assertNotNull(factory, scheme + ": no endpoint URI factory");
            assertTrue(factory.propertyNames().contains("operation"));
            assertEquals(scheme + ":metadata", factory.buildUri(scheme, Map.of("operation", "metadata")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"getty", "photoshelter"})
    void componentOptionsBindThroughTheConfigurationKeepingTheirNames(String scheme) throws Exception {
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            var component = ctx.getComponent(scheme);
            boolean bound = PropertyBindingSupport.build().withCamelContext(ctx).withTarget(component)
                    .withConfigurer(component.getComponentPropertyConfigurer()).withReflection(false)
                    .withProperties(new java.util.HashMap<>(Map.of("baseUrl", "http://127.0.0.1:1/", "connectTimeout", "1234",
                            "maxBackoff", "777")))
                    .bind();
            assertTrue(bound);
            if (component instanceof GettyComponent g) {
                assertEquals("http://127.0.0.1:1", g.getConfiguration().getBaseUrl());
                assertEquals(1234, g.getConfiguration().getConnectTimeout());
                assertEquals(777, g.getConfiguration().getMaxBackoff());
            } else {
                PhotoShelterComponent p = (PhotoShelterComponent) component;
                assertEquals("http://127.0.0.1:1", p.getConfiguration().getBaseUrl());
                assertEquals(1234, p.getConfiguration().getConnectTimeout());
                assertEquals(777, p.getConfiguration().getMaxBackoff());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void endpointOptionsBindWithoutReflection() throws Exception {
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            GettyEndpoint ep = ctx.getEndpoint("getty:license?assetType=videos&batchSize=5000&download=false",
                    GettyEndpoint.class);
            assertEquals("videos", ep.getAssetType());
            assertEquals(1000, ep.getBatchSize(), "the setter (which clamps) is what the configurer calls");
            assertFalse(ep.isDownload());
            boolean bound = PropertyBindingSupport.build().withCamelContext(ctx).withTarget(ep)
                    .withConfigurer(ep.getComponent().getEndpointPropertyConfigurer()).withReflection(false)
                    .withProperties(new java.util.HashMap<>(Map.of("productType", "easyaccess")))
                    .bind();
            assertTrue(bound);
            assertEquals("easyaccess", ep.getProductType());
        }
    }
}
