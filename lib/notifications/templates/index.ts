import "server-only";
import type { ValidNotification } from "@/lib/outbox/enqueue";
import { serviceReplyEmail } from "./service-reply";
import { signInLinkEmail } from "./sign-in-link";
import { noticeSms, signInCodeSms } from "./sms";
import type { RenderedNotification } from "./types";

export type { Locale, RenderedEmail, RenderedNotification, RenderedSms } from "./types";

/** Renders a validated notification. Adding a template: its schema in enqueue.ts, then a case here. */
export function renderNotification(n: ValidNotification): RenderedNotification {
  switch (n.template) {
    case "sign-in-link":
      return signInLinkEmail(n.locale, n.data);
    case "sign-in-code":
      return signInCodeSms(n.locale, n.data);
    case "service-reply":
      return serviceReplyEmail(n.locale, n.data);
    case "notice":
      return noticeSms(n.locale, n.data);
  }
}
