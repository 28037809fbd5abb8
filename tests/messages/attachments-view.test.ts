import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "@/components/i18n-provider";
import { MessageAttachments } from "@/components/messages/message-attachments";
import { createFormat } from "@/lib/i18n/format";
import { MESSAGES } from "@/lib/i18n/messages";

/** A message's attachments as the customer meets them: the file's name and size, a thumbnail for a photo. */
const render = (props: Omit<ComponentProps<typeof MessageAttachments>, "format">, locale: "fr" | "en" = "fr") =>
  renderToStaticMarkup(
    createElement(I18nProvider, { locale, messages: { thread: MESSAGES[locale].thread } } as ComponentProps<typeof I18nProvider>, createElement(MessageAttachments, { ...props, format: createFormat(locale) })),
  );
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\u00a0/g, " ").replace(/\s+/g, " ");

describe("message attachments", () => {
  const files = {
    "101": { name: "tableau-electrique.jpg", size: 245 * 1024, image: true },
    "102": { name: "facture-ancienne.pdf", size: 1.5 * 1024 * 1024, image: false },
  };

  it("names each file with its size instead of « Pièce jointe 1 »", () => {
    const html = render({ conversationId: "77", fileIds: ["101", "102"], files });
    const page = text(html);
    expect(page).toContain("tableau-electrique.jpg (245 Ko)");
    expect(page).toContain("facture-ancienne.pdf (1,5 Mo)");
    expect(page).not.toContain("Pièce jointe");
  });

  it("shows a photo's thumbnail from the route's small variant, a file icon for a PDF", () => {
    const html = render({ conversationId: "77", fileIds: ["101", "102"], files });
    expect(html).toMatch(/<a [^>]*href="\/api\/messages\/77\/attachments\/101"[^>]*><img src="\/api\/messages\/77\/attachments\/101\?taille=vignette" alt=""/);
    expect(html).toMatch(/<a [^>]*href="\/api\/messages\/77\/attachments\/102"[^>]*><svg aria-hidden="true"/);
    expect(html.match(/<img /g)).toHaveLength(1);
  });

  it("falls back to « Pièce jointe n » when HubSpot's metadata could not be read", () => {
    const page = text(render({ conversationId: "77", fileIds: ["101", "103"], files: { "101": files["101"] } }));
    expect(page).toContain("tableau-electrique.jpg");
    expect(page).toContain("Pièce jointe 2");
  });

  it("sizes in English units for an English reader", () => {
    expect(text(render({ conversationId: "77", fileIds: ["102"], files }, "en"))).toContain("facture-ancienne.pdf (1.5 MB)");
  });
});
