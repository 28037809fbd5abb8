import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchAssociatedIds, batchReadObjects } from "@/lib/hubspot/api";
import { fixtureSeed } from "../sandbox/fixtures";
import { startStack, type Stack } from "./support/stack";

/**
 * HubSpot answers a batch with failed items 207 Multi-Status (the SDK 13.5 returns it as a
 * success, typed BatchResponse…WithErrors): the portal must keep every item that was found,
 * under its own id, and treat the failed ones as absent.
 */
describe("the portal's batch reads under 207 Multi-Status", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(fixtureSeed);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("batch read: the found objects, each with its own properties; unknown ids absent", async () => {
    const contacts = stack.seed.state.objects.contacts;
    const ids = [contacts[2]!.id, "999001", contacts[0]!.id, "999002"];
    const found = await batchReadObjects("contacts", ids, ["email"]);
    expect(found.map((o) => [o.id, o.properties.email]).sort()).toEqual(
      [contacts[0]!, contacts[2]!].map((c) => [c.id, c.properties.email]).sort(),
    );
    expect((await stack.control("/stats")).body?.byStatus).toMatchObject({ "207": 1 });
  });

  it("associations batch read: objects without associations (HubSpot's per-item errors) map to no ids", async () => {
    const [withTicket, without] = stack.seed.state.objects.contacts;
    const ticket = stack.seed.state.objects.tickets[0]!;
    const map = await batchAssociatedIds("contacts", [withTicket!.id, without!.id, "999003"], "tickets");
    expect(Object.fromEntries(map)).toEqual({ [withTicket!.id]: [ticket.id], [without!.id]: [], "999003": [] });
  });
});
