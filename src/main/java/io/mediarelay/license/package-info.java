/**
 * License governance: the registry of assets, licenses, uses and alerts (migration V5__license_registry.sql),
 * the rules that decide whether a use is covered, and the gate step that enforces them in a flow.
 *
 * <h2>Pieces</h2>
 * <ul>
 * <li>{@link io.mediarelay.license.LicenseRegistry} (bean {@code licenseRegistry}): JDBC DAO, portable SQL;
 *     {@code tryMarkAlert(licenseId, kind)} is true exactly once per (license, kind, term end);
 *     {@code recordDecided} decides and records a use in one transaction (only allowed uses count).</li>
 * <li>{@link io.mediarelay.license.GettyLicenseImport}, {@link io.mediarelay.license.PhotoShelterLicenseImport}:
 *     fill the registry from Getty metadata + a LICENSED license event, or from custom fields.</li>
 * <li>{@link io.mediarelay.license.LicenseRules}: {@code decide(asset, channel, territory, date, quantity)}, the rule
 *     table of docs/GOVERNANCE.md; deny codes and their precedence in {@link io.mediarelay.license.Verdict};
 *     restriction texts read by {@link io.mediarelay.license.RestrictionTable} ({@code config/restrictions.csv});
 *     territories checked by {@link io.mediarelay.license.Territories} (ISO 3166-1 alpha-2 or WORLDWIDE).</li>
 * <li>{@link io.mediarelay.license.LicenseGate} (bean {@code licenseGate}) behind kamelet
 *     {@code license-gate-action}; zone of "today": {@code mediarelay.license.zone} (default UTC).</li>
 * </ul>
 *
 * <h2>Gate in a flow</h2>
 * <pre>
 * - route:
 *     id: gf1-licensed-export
 *     routeConfigurationId: mediarelay-errors     # deny -> dead_letters at once, with the reason
 *     from: ...
 *       steps:
 *         - setHeader: {name: MediarelayAssetId, simple: "${header.GettyAssetId}"}
 *         - to:
 *             uri: kamelet:license-gate-action
 *             parameters: {channel: print, territory: DE}          # onDeny: fail (default) | skip
 *         - ...                                                    # MediarelayLicenseId is set here
 * </pre>
 */
package io.mediarelay.license;
