"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";

/** Reads the page again from the server (a section HubSpot could not fill), keeping the rest of it. */
export function RetryButton({ label }: { label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button size="md" variant="secondary" disabled={pending} onClick={() => startTransition(() => router.refresh())}>
      {label}
    </Button>
  );
}
