package io.mediarelay.getty;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * Search, describe, license and download Getty Images assets, report their usage and watch boards and downloads.
 * <p>
 * {@code getty:operation?options}. Only operation parameters live here; credentials are component options.
 * Most options can be overridden per message with the headers in {@link GettyConstants}.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "getty", title = "Getty Images", syntax = "getty:operation",
        category = {Category.CLOUD}, headersClass = GettyConstants.class)
public class GettyEndpoint extends ScheduledPollEndpoint {

    @UriPath(enums = "search,metadata,products,license,usage,board,downloads", description = "The operation: search,"
            + " metadata, products, license and usage are producers (to:); board and downloads are polling consumers (from:)")
    @Metadata(required = true)
    private final GettyOperation operation;

    @UriParam(enums = "images,videos", defaultValue = "images", description = "search, metadata, license: images or videos")
    private String assetType = "images";
    @UriParam(enums = "creative,editorial,blended", defaultValue = "creative", description = "search: asset family")
    private String assetFamily = "creative";
    @UriParam(description = "search: phrase (or header GettyPhrase, or a String body)")
    private String phrase;
    @UriParam(description = "search/downloads: page (1-based)")
    private Integer page;
    @UriParam(description = "search/downloads: page size (max 100)")
    private Integer pageSize;
    @UriParam(description = "Comma-separated fields (search, metadata, products)")
    private String fields;
    @UriParam(prefix = "query.", multiValue = true, description = "Extra Getty query parameters, e.g. query.sort_order=newest")
    private Map<String, Object> query = new HashMap<>();
    @UriParam(label = "metadata", defaultValue = "false", description = "metadata: answer a repeated request (same ids,"
            + " type, fields and query) within one exchange from the first answer instead of asking Getty again")
    private boolean perExchangeCache;

    @UriParam(label = "license", description = "Asset id (or header GettyAssetId, or a String body)")
    private String assetId;
    @UriParam(label = "license", description = "product_id to license against")
    private String productId;
    @UriParam(label = "license", description = "product_type, e.g. easyaccess, premiumaccess")
    private String productType;
    @UriParam(label = "license", description = "Video size name (download_sizes[].name)")
    private String size;
    @UriParam(label = "license", description = "Image height in pixels (blank = largest)")
    private String height;
    @UriParam(label = "license", description = "Image file type: jpg or eps")
    private String fileType;
    @UriParam(label = "license", description = "Simple expression appended to the request key, e.g. ${header.flowId}-${header.requestId}")
    private String requestKey;
    @UriParam(label = "license", defaultValue = "true", description = "false: license only, body is the license event")
    private boolean download = true;
    @UriParam(label = "license", description = "download_notes sent with the license POST")
    private String downloadNotes;
    @UriParam(label = "license", description = "project_code sent with the license POST")
    private String projectCode;

    @UriParam(label = "usage", defaultValue = "1000", description = "usage: entries per batch (Getty max 1000)")
    private int batchSize = 1000;

    @UriParam(label = "consumer", description = "board: board id to watch")
    private String boardId;
    @UriParam(label = "consumer", description = "Cursor name in the cursors table (default derived from the operation)")
    private String cursorName;
    @UriParam(label = "consumer", defaultValue = "1", description = "board: items processed at once (each on its own"
            + " thread, the whole route per item); the cursor advances over the items completed in order")
    private int concurrency = 1;
    @UriParam(label = "consumer", enums = "beginning,now", defaultValue = "beginning",
            description = "First run without a cursor: emit existing items (beginning) or only new ones (now)")
    private String initialPosition = "beginning";
    @UriParam(label = "consumer", defaultValue = "30", description = "downloads: days to look back on first run")
    private int initialLookbackDays = 30;

    public GettyEndpoint(String uri, GettyComponent component, GettyOperation operation) {
        super(uri, component);
        this.operation = operation;
        setDelay(60_000); // Getty has no webhooks; once a minute is gentle on the QPS budget
    }

    @Override
    public GettyComponent getComponent() {
        return (GettyComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (operation.isConsumer()) {
            throw new IllegalArgumentException("getty:" + operation.name().toLowerCase() + " is a consumer (use it in from:)");
        }
        return new GettyProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer c = switch (operation) {
            case BOARD -> new GettyBoardConsumer(this, processor);
            case DOWNLOADS -> new GettyDownloadsConsumer(this, processor);
            default -> throw new IllegalArgumentException("getty:" + operation.name().toLowerCase() + " is a producer (use it in to:)");
        };
        configureConsumer(c);
        return c;
    }

    GettyHttpClient client() {
        return getComponent().client();
    }

    public GettyOperation getOperation() { return operation; }
    public String getAssetType() { return assetType; }
    public void setAssetType(String v) { this.assetType = v; }
    public String getAssetFamily() { return assetFamily; }
    public void setAssetFamily(String v) { this.assetFamily = v; }
    public String getPhrase() { return phrase; }
    public void setPhrase(String v) { this.phrase = v; }
    public Integer getPage() { return page; }
    public void setPage(Integer v) { this.page = v; }
    public Integer getPageSize() { return pageSize; }
    public void setPageSize(Integer v) { this.pageSize = v; }
    public String getFields() { return fields; }
    public void setFields(String v) { this.fields = v; }
    public boolean isPerExchangeCache() { return perExchangeCache; }
    public void setPerExchangeCache(boolean v) { this.perExchangeCache = v; }
    public Map<String, Object> getQuery() { return query; }
    public void setQuery(Map<String, Object> v) { this.query = v; }
    public String getAssetId() { return assetId; }
    public void setAssetId(String v) { this.assetId = v; }
    public String getProductId() { return productId; }
    public void setProductId(String v) { this.productId = v; }
    public String getProductType() { return productType; }
    public void setProductType(String v) { this.productType = v; }
    public String getSize() { return size; }
    public void setSize(String v) { this.size = v; }
    public String getHeight() { return height; }
    public void setHeight(String v) { this.height = v; }
    public String getFileType() { return fileType; }
    public void setFileType(String v) { this.fileType = v; }
    public String getRequestKey() { return requestKey; }
    public void setRequestKey(String v) { this.requestKey = v; }
    public boolean isDownload() { return download; }
    public void setDownload(boolean v) { this.download = v; }
    public String getDownloadNotes() { return downloadNotes; }
    public void setDownloadNotes(String v) { this.downloadNotes = v; }
    public String getProjectCode() { return projectCode; }
    public void setProjectCode(String v) { this.projectCode = v; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int v) { this.batchSize = Math.max(1, Math.min(1000, v)); }
    public String getBoardId() { return boardId; }
    public void setBoardId(String v) { this.boardId = v; }
    public String getCursorName() { return cursorName; }
    public void setCursorName(String v) { this.cursorName = v; }
    public int getConcurrency() { return concurrency; }
    public void setConcurrency(int v) {
        if (v < 1) throw new IllegalArgumentException("concurrency must be at least 1, was " + v);
        this.concurrency = v;
    }
    public String getInitialPosition() { return initialPosition; }
    public void setInitialPosition(String v) { this.initialPosition = v; }
    public int getInitialLookbackDays() { return initialLookbackDays; }
    public void setInitialLookbackDays(int v) { this.initialLookbackDays = v; }
}
