"use server";
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { staffCookieOptions, staffSessionCookieName } from "@/lib/staff/cookies";
import { getStaffSession, staffDeps } from "@/lib/staff/guards";
import { signOutStaff } from "@/lib/staff/sign-in";

async function signOut(everywhere: boolean): Promise<void> {
  const staff = await getStaffSession();
  if (staff) await signOutStaff(await staffDeps(), staff, { everywhere });
  const siteUrl = getEnv().SITE_URL;
  (await cookies()).set(staffSessionCookieName(siteUrl), "", { ...staffCookieOptions(siteUrl), maxAge: 0 });
  redirect("/console/connexion?deconnecte=1");
}

/** « Se déconnecter »: this session (and any older one) ends on every instance. */
export async function staffSignOutAction(): Promise<void> {
  await signOut(false);
}

/** « Se déconnecter partout »: every console session of this member ends. */
export async function staffSignOutEverywhereAction(): Promise<void> {
  await signOut(true);
}
