"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { isLoopbackClient } from "@/lib/client-address";
import { getEnv } from "@/lib/env";
import { retryDead } from "@/lib/outbox/admin";

/** Operators' "Relancer" on a dead row; only where /dev/outbox exists (the demo sandbox), for the same loopback clients. */
export async function retryDeadAction(formData: FormData): Promise<void> {
  if (!getEnv().devOutbox || !isLoopbackClient(await headers())) return;
  const id = z.uuid().safeParse(formData.get("id"));
  if (!id.success) return;
  await retryDead(id.data);
  revalidatePath("/dev/outbox");
}
