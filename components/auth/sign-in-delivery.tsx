"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { signInDeliveryAction } from "@/lib/auth/actions/sign-in";

type State = "queued" | "sent" | "failed" | "unknown";

const EVERY_MS = 2_000;
/** After this many checks still queued, the page says it is slow and offers the other channel. */
const SLOW_AFTER = 10;
const MAX_CHECKS = 45;

const TEXT = {
  email: { queued: "Envoi de l'e-mail en cours…", sent: "E-mail envoyé : il peut mettre une minute à arriver.", failed: "L'e-mail n'a pas pu être envoyé.", other: "Recevoir plutôt un code par SMS" },
  sms: { queued: "Envoi du SMS en cours…", sent: "SMS envoyé : il peut mettre une minute à arriver.", failed: "Le SMS n'a pas pu être envoyé.", other: "Recevoir plutôt un lien par e-mail" },
} as const;

/**
 * Where the sign-in message stands, said only once it is true: « en cours », « envoyé », or
 * « n'a pas pu être envoyé » with the other channel offered (also when sending is slow).
 * `attemptId` (email panel): asks the server every 2 s. Without it (code page, whose attempt id
 * stays in an HttpOnly cookie): the page is drawn again every 2 s while the message is queued.
 */
export function SignInDeliveryStatus({ channel, initial, attemptId, otherChannelHref }: { channel: "email" | "sms"; initial: State; attemptId?: string; otherChannelHref: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>(initial);
  const [checks, setChecks] = useState(0);

  // The code page is drawn again with a newer state: take it (React's "state from props" pattern).
  const [seen, setSeen] = useState<State>(initial);
  if (seen !== initial) {
    setSeen(initial);
    setState(initial);
  }

  useEffect(() => {
    const polling = attemptId ? state === "queued" || (state === "unknown" && checks === 0) : state === "queued";
    if (!polling || checks >= MAX_CHECKS) return;
    const timer = setTimeout(async () => {
      if (!attemptId) router.refresh();
      else {
        try {
          const reply = await signInDeliveryAction(attemptId);
          if (reply.ok) setState(reply.data.state);
        } catch {
          // A lost answer: the next check tries again.
        }
      }
      setChecks((n) => n + 1);
    }, checks === 0 ? 800 : EVERY_MS);
    return () => clearTimeout(timer);
  }, [attemptId, router, state, checks]);
  const slow = checks >= SLOW_AFTER;

  if (state === "unknown") return null;
  const text = TEXT[channel];
  const offerOther = state === "failed" || (state === "queued" && slow);
  return (
    <div className="space-y-1 text-sm" data-delivery={state}>
      <p role="status" className={state === "failed" ? "font-medium text-red-900" : "text-slate-700"}>
        {text[state]}
        {state === "queued" && slow ? " L'envoi prend plus de temps que prévu." : ""}
      </p>
      {offerOther ? (
        <a href={otherChannelHref} className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-2">
          {text.other}
        </a>
      ) : null}
    </div>
  );
}
