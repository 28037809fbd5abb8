import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetActiveOwners, listActiveOwners } from "@/lib/hubspot/staff-directory";
import { hubspotDirectory } from "@/lib/staff/directory";
import { checkStaffSession, confirmStaffLink, requestStaffSignIn, secondFactorStep, staffLinkKey, verifyStaffSecondFactor, type StaffAuthDeps } from "@/lib/staff/sign-in";
import { currentTotp } from "@/lib/staff/totp";
import { outbox, staffSignInLinks } from "@/lib/db/schema";
import { openPayload } from "@/lib/outbox/seal";
import { eq } from "drizzle-orm";
import { emptyState } from "@/sandbox/state";
import type { SandboxOwner } from "@/sandbox/types";
import { startStack, type Stack } from "../hubspot/support/stack";

const at = "2026-01-01T00:00:00.000Z";
const owner = (id: string, userId: number, email: string, archived = false): SandboxOwner => ({
  id,
  userId,
  email,
  firstName: "Claire",
  lastName: "Duret",
  archived,
  createdAt: at,
  updatedAt: at,
});

/**
 * Staff sign-in against HubSpot's owners API as the sandbox answers it (active owners by default,
 * deactivated users only with archived=true): a user deactivated in HubSpot is refused at the
 * console's next request once the short memory (30 s) has passed.
 */
describe("staff console ↔ HubSpot users (sandbox)", () => {
  let stack: Stack;
  let now = Date.UTC(2026, 10, 24, 9, 0, 0);
  beforeAll(async () => {
    stack = await startStack(() => {
      const state = emptyState({ now: new Date(at) });
      state.owners = [owner("71234510", 9120460, "claire.duret@duret-electricite.fr"), owner("71234511", 9120461, "marc.petit@duret-electricite.fr", true)];
      return { state, fileBytes: new Map(), demoCustomers: [] };
    });
    forgetActiveOwners();
  });
  afterAll(async () => stack?.close());

  const deps = (): StaffAuthDeps & { ip: string; locale: "fr" } => ({
    db: stack.db.db,
    directory: hubspotDirectory,
    authSecret: "sandbox-staff-test-secret-0123456789abcdef",
    siteUrl: "http://localhost:3000",
    adminEmails: [],
    demo: false,
    now: () => now,
    ip: "10.8.0.1",
    locale: "fr",
  });

  it("the owners list holds active users only; a deactivated one gets no link", async () => {
    expect((await listActiveOwners(now)).map((o) => o.email)).toEqual(["claire.duret@duret-electricite.fr"]);
    const archived = await fetch(`${stack.sandbox.url}/crm/v3/owners?archived=true`, { headers: { authorization: "Bearer hubspot-layer-test-token" } }).then((r) => r.json());
    expect((archived as { results: { email: string }[] }).results.map((o) => o.email)).toEqual(["marc.petit@duret-electricite.fr"]);
    await requestStaffSignIn(deps(), { email: "marc.petit@duret-electricite.fr" });
    expect(await stack.db.db.select().from(staffSignInLinks)).toHaveLength(0);
  });

  it("a user deactivated in HubSpot is refused at the next request", async () => {
    await requestStaffSignIn(deps(), { email: "claire.duret@duret-electricite.fr" });
    const [link] = await stack.db.db.select().from(staffSignInLinks);
    const [row] = await stack.db.db.select().from(outbox).where(eq(outbox.idempotencyKey, staffLinkKey(link!.id)));
    const url = new URL((openPayload((row!.payload as { sealed: string }).sealed, row!.id) as { data: { url: string } }).data.url);
    const confirmed = await confirmStaffLink(deps(), { linkId: url.searchParams.get("lien"), token: url.searchParams.get("jeton") });
    if (!confirmed.ok) throw new Error(confirmed.code);
    const step = await secondFactorStep(deps(), confirmed.pendingToken);
    if (!step.ok || step.step !== "enrol") throw new Error("expected enrolment");
    const signedIn = await verifyStaffSecondFactor(deps(), confirmed.pendingToken, await currentTotp(step.secret, now));
    if (!signedIn.ok) throw new Error(signedIn.code);
    expect((await checkStaffSession(deps(), signedIn.sessionToken)).ok).toBe(true);

    expect((await stack.control("/owners/deactivate", { id: "71234510" })).status).toBe(200);
    now += 30_000; // past the 30-second memory of the owners list
    expect(await checkStaffSession(deps(), signedIn.sessionToken)).toEqual({ ok: false, reason: "deactivated" });

    await stack.control("/owners/reactivate", { id: "71234510" });
    now += 30_000;
    expect((await checkStaffSession(deps(), signedIn.sessionToken)).ok).toBe(true);
  });
});
