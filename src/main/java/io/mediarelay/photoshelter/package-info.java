/**
 * The {@code photoshelter:} Camel component: v3 token/organization authentication and multipart upload, v4
 * galleries/collections/media/metadata/download, a modified-since polling consumer with its cursor in the
 * {@code cursors} table. Shares RateLimiter, RetryPolicy, SecureUrls and CursorStore with the Getty connector.
 */
package io.mediarelay.photoshelter;
