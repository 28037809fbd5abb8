import { describe, expect, it } from "vitest";
import { isRetryableConflict, withConflictRetry } from "@/lib/bookings/store";

/** A booking transaction aborted by PostgreSQL to break a deadlock (40P01) is run again, not shown as an error. */
const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe("booking transactions and PostgreSQL's deadlock breaker", () => {
  it("runs again after 40P01 / 40001 and returns the successful attempt", async () => {
    let calls = 0;
    const result = await withConflictRetry(async () => {
      calls++;
      if (calls === 1) throw pgError("40P01");
      if (calls === 2) throw new Error("drizzle wrapper", { cause: pgError("40001") });
      return "booked";
    });
    expect(result).toBe("booked");
    expect(calls).toBe(3);
  });

  it("does not retry other errors (an exclusion violation is the answer: slot taken)", async () => {
    let calls = 0;
    await expect(
      withConflictRetry(async () => {
        calls++;
        throw pgError("23P01");
      }),
    ).rejects.toMatchObject({ code: "23P01" });
    expect(calls).toBe(1);
  });

  it("gives up after the last attempt with the conflict (the caller answers « créneau pris »)", async () => {
    let calls = 0;
    const error = await withConflictRetry(async () => {
      calls++;
      throw pgError("40P01");
    }, 3).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(isRetryableConflict(error)).toBe(true);
  });
});
