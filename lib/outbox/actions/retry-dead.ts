"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { getEnv } from "@/lib/env";
import { retryDead } from "@/lib/outbox/admin";

/** Operators' "Relancer" on a dead row; only where /dev/outbox exists (the demo sandbox). */
export async function retryDeadAction(formData: FormData): Promise<void> {
  if (!getEnv().devOutbox) return;
  const id = z.uuid().safeParse(formData.get("id"));
  if (!id.success) return;
  await retryDead(id.data);
  revalidatePath("/dev/outbox");
}
