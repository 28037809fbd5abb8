import { companyView, type Company } from "@/lib/settings/company";
import { DEMO_SETTINGS } from "@/lib/settings/demo-seed";

/** The demo's company identity as templates and PDFs print it (what the settings give on the sandbox). */
export const TEST_COMPANY: Company = companyView(DEMO_SETTINGS.company);
