import { TeamTable } from "@/components/console/team";
import { PageHeader } from "@/components/ui/page";
import { getEnv } from "@/lib/env";
import { requireStaff, staffDeps } from "@/lib/staff";
import { listStaffMembers } from "@/lib/staff/members";

export const metadata = { title: "Équipe" };

export default async function TeamPage() {
  const staff = await requireStaff();
  const members = await listStaffMembers((await staffDeps()).db, staff, getEnv().staffAdminEmails);
  return (
    <div className="space-y-4">
      <PageHeader title="Équipe" intro="Les utilisateurs HubSpot qui se sont connectés à la console. Un utilisateur désactivé dans HubSpot est refusé à sa requête suivante." />
      <TeamTable members={members} admin={staff.role === "admin"} me={staff.email} />
    </div>
  );
}
