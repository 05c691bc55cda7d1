package io.mediarelay.library;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mediarelay.getty.GettyConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GF5 (bean {@code libraryComparison}, kamelet {@code getty-comparison-action}): for each local asset of a library
 * file ({@link LibraryListing}: a CSV listing or one image) searches Getty with {@code getty:search} - trying its
 * phrases from most to least specific until one finds something - and builds the comparison report: the body becomes
 * the CSV ({@code <reportDirectory>/<file>.comparison.csv}), property {@code MediarelayComparisonHtml} the HTML page,
 * header {@code MediarelayComparisonHtmlName} its file name.
 */
public final class LibraryComparisonAction implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(LibraryComparisonAction.class);
    public static final String HTML = "MediarelayComparisonHtml";
    public static final String HTML_NAME = "MediarelayComparisonHtmlName";
    public static final String MATCHES = "MediarelayComparisonMatches";
    public static final String FAMILY = "MediarelayComparisonAssetFamily";
    public static final String REPORT_DIR = "MediarelayComparisonReportDirectory";
    public static final String LOCAL_ASSETS = "MediarelayComparisonLocalAssets";
    static final String FIELDS = "id,title,asset_family,license_model,collection_name,thumb";

    private final LibraryListing listing = new LibraryListing();
    private final ComparisonReport report = new ComparisonReport();
    private final Clock clock;
    private volatile ProducerTemplate producer;

    public LibraryComparisonAction(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String name = in.getHeader(Exchange.FILE_NAME_ONLY, in.getHeader(Exchange.FILE_NAME, String.class), String.class);
        int matches = in.getHeader(MATCHES, 3, Integer.class);
        String family = in.getHeader(FAMILY, "creative", String.class);
        List<LibraryListing.LocalAsset> assets;
        if (LibraryListing.isImage(name)) {
            assets = List.of(listing.ofImage(name));
        } else {
            try (InputStream body = in.getBody(InputStream.class)) {
                assets = listing.ofListing(body);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LibraryListing.LocalAsset a : assets) {
            rows.addAll(compare(exchange, a, matches, family));
        }
        String dir = in.getHeader(REPORT_DIR, "reports", String.class);
        String prefix = (dir.isBlank() ? "" : dir + "/") + name;
        in.setHeader(LOCAL_ASSETS, assets.size());
        in.setHeader(Exchange.FILE_NAME, prefix + ".comparison.csv");
        in.setHeader(HTML_NAME, prefix + ".comparison.html");
        exchange.setProperty(HTML, report.html(name, clock.instant().toString(), rows, assets.size()));
        in.setBody(report.csv(rows));
        LOG.info("Library {}: {} local asset(s) compared with Getty, {} report row(s)", name, assets.size(), rows.size());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> compare(Exchange exchange, LibraryListing.LocalAsset a, int matches, String family) {
        String used = a.phrases().isEmpty() ? null : a.phrases().get(0);
        List<Map<String, Object>> hits = List.of();
        long count = 0;
        for (String phrase : a.phrases()) {
            Exchange r = producer(exchange).request("getty:search?assetType=images&assetFamily=" + family + "&fields=" + FIELDS,
                    e -> {
                        e.getMessage().setHeader(GettyConstants.PHRASE, phrase);
                        e.getMessage().setHeader(GettyConstants.PAGE_SIZE, matches);
                    });
            if (r.getException() != null) {
                throw new IllegalStateException("Getty search for '" + phrase + "' failed: " + r.getException().getMessage(),
                        r.getException());
            }
            Map<String, Object> body = r.getMessage().getBody(Map.class);
            List<Map<String, Object>> images = body.get("images") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
            used = phrase;
            count = r.getMessage().getHeader(GettyConstants.RESULT_COUNT, 0L, Long.class);
            if (!images.isEmpty()) {
                hits = images;
                break;
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (hits.isEmpty()) {
            out.add(row(a, used, 0, 0, null));
        }
        int rank = 1;
        for (Map<String, Object> h : hits) {
            out.add(row(a, used, count, rank++, h));
        }
        return out;
    }

    private static Map<String, Object> row(LibraryListing.LocalAsset a, String phrase, long count, int rank,
                                           Map<String, Object> hit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("local_id", a.id());
        m.put("local_file", a.fileName());
        m.put("local_title", a.title());
        m.put("search_phrase", phrase);
        m.put("result_count", count);
        m.put("match_rank", hit == null ? null : rank);
        m.put("getty_id", hit == null ? null : String.valueOf(hit.get("id")));
        m.put("getty_title", hit == null ? null : hit.get("title"));
        m.put("asset_family", hit == null ? null : hit.get("asset_family"));
        m.put("license_model", hit == null ? null : hit.get("license_model"));
        m.put("collection", hit == null ? null : hit.get("collection_name"));
        m.put("preview_url", hit == null ? null : thumb(hit));
        return m;
    }

    /** The thumb URI from display_sizes (what Getty returns for fields=thumb). */
    private static String thumb(Map<String, Object> hit) {
        if (hit.get("display_sizes") instanceof List<?> sizes) {
            for (Object s : sizes) {
                if (s instanceof Map<?, ?> m && m.get("uri") != null) {
                    return String.valueOf(m.get("uri"));
                }
            }
        }
        return null;
    }

    private ProducerTemplate producer(Exchange exchange) {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = exchange.getContext().createProducerTemplate();
                }
                p = producer;
            }
        }
        return p;
    }
}
