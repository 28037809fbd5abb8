import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/console/console-shell";
import { requireStaff } from "@/lib/staff";

/** Every console page: a staff session (checked in full, HubSpot user still active), else the console's sign-in. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  return <ConsoleShell staff={staff}>{children}</ConsoleShell>;
}
