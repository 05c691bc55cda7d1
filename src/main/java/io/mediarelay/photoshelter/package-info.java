/**
 * The {@code photoshelter:} Camel component.
 *
 * <p>Which API generation does what, and why:
 * <ul>
 *   <li>v3 ({@code /psapi/v3}): token login ({@code mem/authenticate}, {@code mode=token}) and organization login,
 *       multipart upload ({@code mem/image/upload}, the only documented upload) and gallery/collection
 *       {@code insert} (v4 writes are undocumented).</li>
 *   <li>v4 ({@code /psapi/v4.0}): galleries/collections lists and name lookups, media search with
 *       {@code modify_start} (the polling cursor), IPTC/XMP/custom metadata read + PATCH, original download.</li>
 * </ul>
 * Operations: {@code upload}, {@code gallery} (find-or-create by name under a collection path),
 * {@code galleries}, {@code collection} (find-or-create a path), {@code collections}, {@code search},
 * {@code metadata} (get/update), {@code download} (InputStream body) and the consumer {@code changes} (one gallery by
 * id or exact name, every gallery below a collection path, or the whole library; {@code holdOnFailure} keeps the
 * cursor before an item dead-lettered for an I/O reason, so a destination that was down catches up; kamelet
 * {@code photoshelter-gallery-source} runs it on a quartz cron).
 *
 * <p>Streaming: uploads of File/Path/GenericFile/byte[] are re-openable and retried; an InputStream body is sent
 * once, never buffered. Camel's stream caching must stay off for routes that hand the producer a raw InputStream
 * (the runtime sets {@code camel.main.stream-caching-enabled=false}); downloads are on the deny list anyway.
 *
 * <p>Shares RateLimiter, RetryPolicy, SecureUrls and CursorStore with the Getty connector; they are generic and
 * belong in a common package when a third connector needs them.
 */
package io.mediarelay.photoshelter;
