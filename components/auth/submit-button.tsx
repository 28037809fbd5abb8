"use client";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** The primary button of the sign-in pages, with a visible progress state (inert while it runs). */
export function SubmitButton({ pending, children, pendingLabel }: { pending: boolean; children: ReactNode; pendingLabel: string }) {
  return (
    <Button
      type="submit"
      size="md"
      disabled={pending}
      pending={pending}
      pendingLabel={
        <>
          <span aria-hidden="true" className="h-4 w-4 animate-spin rounded-full border-2 border-white border-t-transparent" />
          {pendingLabel}
        </>
      }
      className="w-full gap-2 disabled:cursor-wait sm:w-auto"
    >
      {children}
    </Button>
  );
}
