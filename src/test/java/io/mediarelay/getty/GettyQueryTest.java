package io.mediarelay.getty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mediarelay.sandbox.getty.GettySandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Search paging/fields, metadata batching beyond 100 ids, products. */
class GettyQueryTest {

    @Test
    void searchMetadataAndProducts() throws Exception {
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            CamelContext ctx = GettyTestSupport.context(sandbox, null, c -> { }, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:search").to("getty:search?assetFamily=creative&pageSize=5&fields=id,title&query.sort_order=newest");
                    from("direct:videos").to("getty:search?assetType=videos&assetFamily=editorial&fields=id");
                    from("direct:meta").to("getty:metadata?fields=id,title,credit_line");
                    from("direct:products").to("getty:products");
                }
            });
            try {
                var pt = ctx.createProducerTemplate();
                Exchange p1 = pt.request("direct:search", e -> e.getMessage().setBody("city"));
                Exchange p2 = pt.request("direct:search", e -> {
                    e.getMessage().setBody("city");
                    e.getMessage().setHeader(GettyConstants.PAGE, 2);
                });
                List<?> page1 = (List<?>) ((Map<?, ?>) p1.getMessage().getBody()).get("images");
                List<?> page2 = (List<?>) ((Map<?, ?>) p2.getMessage().getBody()).get("images");
                assertEquals(null, p1.getException());
                assertTrue(page1.size() <= 5 && !page1.isEmpty(), "page size honoured: " + page1.size());
                assertTrue(((Map<?, ?>) page1.get(0)).containsKey("title"));
                assertTrue(p1.getMessage().getHeader(GettyConstants.RESULT_COUNT, Long.class) >= page1.size());
                if (!page2.isEmpty()) {
                    assertTrue(!page1.get(0).equals(page2.get(0)), "page 2 differs from page 1");
                }
                Exchange v = pt.request("direct:videos", e -> e.getMessage().setHeader(GettyConstants.PHRASE, "news"));
                assertEquals(null, v.getException());
                assertTrue(((Map<?, ?>) v.getMessage().getBody()).containsKey("videos"));

                List<String> ids = new ArrayList<>(sandbox.catalogImageIds());
                int real = ids.size();
                for (int i = 0; i < 250 - real; i++) {
                    ids.add(String.valueOf(900_000_000 + i));
                }
                Map<?, ?> meta = pt.requestBodyAndHeader("direct:meta", null, GettyConstants.ASSET_IDS, ids, Map.class);
                assertEquals(real, ((List<?>) meta.get("images")).size(), "all real ids across 3 batches");
                assertEquals(250 - real, ((List<?>) meta.get("images_not_found")).size());

                List<?> products = pt.requestBody("direct:products", null, List.class);
                assertTrue(!products.isEmpty());
                Map<?, ?> p = (Map<?, ?>) products.get(0);
                assertTrue(p.containsKey("downloads_remaining"), p.toString());
                assertTrue(p.containsKey("download_requirements"), p.toString());
            } finally {
                ctx.close();
            }
        }
    }
}
