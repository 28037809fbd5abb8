"use client";

import { ErrorPanel } from "@/components/shell/error-panel";

/** A page of the customer space failed (HubSpot unreachable…): the shell stays, the page offers a retry. */
export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel error={error} reset={reset} />;
}
