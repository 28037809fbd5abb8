/**
 * The contractor's business settings (staff console): schemas, the store every instance reads, the
 * company identity as printed. Ground layer: the domains, notifications and PDFs read it; it knows
 * none of them. The console verbs (lib/console) validate across sections and audit each save.
 */
export * from "./schemas";
export { companyView, companyAddressLine, formatSiret, type Company } from "./company";
export { getSettings, forgetSettings, closeSettingsMemory, saveSettingsSection, validateSettingsSection, withSection, SETTINGS_CHANNEL, type PortalSettings, type SaveSectionResult } from "./store";
export { DEMO_SETTINGS } from "./demo-seed";
