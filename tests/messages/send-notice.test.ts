import { describe, expect, it } from "vitest";
import { followSentMessage, type SentMessage } from "@/components/messages/send-notice";
import { pendingMessageId } from "@/lib/messages/schemas";

/** After « Envoyer », the thread says what happened, never ahead of it. */
describe("send notice", () => {
  const staff = { id: "900", pending: false };
  const mine = (pending: boolean) => ({ id: pending ? pendingMessageId("m1") : "note-55", pending });
  /** The thread's successive reads after the server accepted message m1. */
  function follow(reads: { id: string; pending: boolean }[][]) {
    let sent: SentMessage | null = { messageId: "m1", seenPending: false };
    return reads.map((messages) => {
      const next = followSentMessage(sent, messages);
      sent = next.sent;
      return next.notice;
    });
  }

  it("says nothing before « Envoyer » has been accepted by the server", () => {
    expect(followSentMessage(null, [staff]).notice).toBeNull();
  });

  it("« en cours de transmission » while pending, « Message envoyé » once HubSpot has it", () => {
    // Accepted (old read not refreshed yet) → pending in the thread → delivered (the note replaces it).
    expect(follow([[staff], [staff, mine(true)], [staff, mine(true)], [staff, mine(false)]])).toEqual(["transmitting", "transmitting", "transmitting", "sent"]);
  });

  it("never « Message envoyé » from a read made before the message appeared as pending", () => {
    expect(follow([[staff], [staff]])).toEqual(["transmitting", "transmitting"]);
  });

  it("matches the id the server gives pending messages", () => {
    expect(pendingMessageId("m1")).toBe("local-m1");
  });
});
