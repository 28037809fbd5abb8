"use client";

import { useTranslations } from "next-intl";
import type { Format } from "@/lib/i18n/format";
import type { AttachmentInfo } from "@/lib/messages/get-thread";

/**
 * A message's attachments: each with its name and size as HubSpot knows them, a thumbnail for an
 * image (the route's cached 480 px variant), a file icon otherwise. Without metadata (HubSpot
 * unreachable) « Pièce jointe n » still opens the file.
 */
export function MessageAttachments({ conversationId, fileIds, files, format }: { conversationId: string; fileIds: string[]; files: Record<string, AttachmentInfo>; format: Format }) {
  const t = useTranslations("thread");
  if (!fileIds.length) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-2" data-testid="attachments">
      {fileIds.map((fileId, i) => {
        const info = files[fileId];
        const href = `/api/messages/${conversationId}/attachments/${fileId}`;
        return (
          <li key={fileId}>
            <a className="inline-flex min-h-11 max-w-full items-center gap-2 rounded-lg border border-slate-300 bg-white p-1 pr-3 text-sm font-semibold text-brand-700 underline" href={href} target="_blank" rel="noopener">
              {info?.image ? (
                // eslint-disable-next-line @next/next/no-img-element -- a private, authenticated route: next/image would proxy it
                <img src={`${href}?taille=vignette`} alt="" width={48} height={48} loading="lazy" className="h-12 w-12 shrink-0 rounded object-cover" />
              ) : (
                <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 shrink-0 text-slate-600" fill="none" stroke="currentColor" strokeWidth="1.8">
                  <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
                  <path d="M14 3v5h5" />
                </svg>
              )}
              <span className="break-all">{info?.name ?? t("attachment", { index: i + 1 })}</span>
              {info?.size ? " " : null}
              {info?.size ? <span className="whitespace-nowrap font-normal text-slate-700">({format.fileSize(info.size)})</span> : null}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
