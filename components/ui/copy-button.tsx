"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Copies a value to the clipboard and says so (polite live region). Without the Clipboard API (an
 * insecure origin, an old browser) it says the text can be selected instead: the value is always
 * written out beside the button.
 */
export function CopyButton({ value, label, copiedLabel, failedLabel }: { value: string; label: string; copiedLabel: string; failedLabel: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="neutral" size="compact" onClick={copy}>
        {label}
      </Button>
      <span role="status" aria-live="polite" className="text-sm text-slate-600">
        {state === "copied" ? copiedLabel : state === "failed" ? failedLabel : ""}
      </span>
    </span>
  );
}
