/**
 * The {@code getty:} Camel component: Getty Images API v3 search, metadata, products, license + download,
 * usage reporting, and polling consumers for boards and download history.
 *
 * <h2>Configuration (component level only, so secrets never appear in URIs)</h2>
 * <pre>
 * camel.component.getty.apiKey={{env:GETTY_API_KEY}}
 * camel.component.getty.clientId={{env:GETTY_CLIENT_ID}}          # defaults to apiKey
 * camel.component.getty.clientSecret={{env:GETTY_CLIENT_SECRET}}
 * camel.component.getty.username=...   camel.component.getty.password=...   # password grant (boards need a user)
 * camel.component.getty.refreshToken=...  camel.component.getty.grantType=client_credentials|password|refresh_token
 * camel.component.getty.baseUrl=https://api.gettyimages.com        # sandbox: http://127.0.0.1:PORT
 * camel.component.getty.tokenUrl=https://authentication.gettyimages.com/oauth2/token
 * camel.component.getty.qps=5  connectTimeout=10000  readTimeout=60000  maxAttempts=5
 * camel.component.getty.initialBackoff=250  maxBackoff=30000  tokenRenewMarginSeconds=300
 * camel.component.getty.dataSource=#mediarelayDataSource           # default: bean 'mediarelayDataSource'
 * </pre>
 *
 * <h2>Endpoints</h2>
 * <ul>
 * <li>{@code getty:search?assetType=images|videos&assetFamily=creative|editorial|blended&phrase=..&page=..&pageSize=..&fields=..&query.sort_order=..}
 *     body: response Map; header GettyResultCount. Headers GettyPhrase/GettyPage/GettyPageSize override.</li>
 * <li>{@code getty:metadata?assetType=images|videos&fields=..} ids from header GettyAssetIds or body (List or
 *     comma-separated String), split in calls of 100; body Map {images|videos: [...], *_not_found: [...]}.</li>
 * <li>{@code getty:products?fields=download_requirements} body List of products (downloads_remaining,
 *     download_requirements.is_note_required / is_project_code_required ...).</li>
 * <li>{@code getty:license?assetType=..&productId=..&productType=..&size=..&height=..&fileType=..&requestKey=<simple>&download=true}
 *     asset id from header GettyAssetId, option assetId or body. Body: InputStream (streamed, closed when the
 *     exchange completes); headers GettyFileName (+CamelFileName if unset), GettyContentLength, GettyContentType,
 *     GettyLicenseEventId, GettyLicenseReused, GettyRequestKey, GettyUriExpiresAt.</li>
 * <li>{@code getty:usage?batchSize=1000} body List of {asset_id, quantity, usage_date}; optional header
 *     GettyUsageBatchId; result headers GettyUsageBatchIds, GettyUsageAlreadyReported.</li>
 * <li>{@code from getty:board?boardId=..&delay=60000&initialPosition=beginning|now&cursorName=..}</li>
 * <li>{@code from getty:downloads?delay=..&initialLookbackDays=30&cursorName=..&query.product_type=..}</li>
 * </ul>
 */
package io.mediarelay.getty;
