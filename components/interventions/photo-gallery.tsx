"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { InterventionPhoto } from "@/lib/interventions/get-intervention-detail";

/**
 * Before/after photos: thumbnails are buttons; the full view is a native modal <dialog> (focus
 * moves into it and back, Escape closes it) with previous/next buttons and the arrow keys.
 * Every image has a text alternative saying what it is ("Photo avant 2 sur 3").
 */
export function PhotoGallery({ ticketId, photos }: { ticketId: string; photos: InterventionPhoto[] }) {
  const t = useTranslations("tracking");
  const dialog = useRef<HTMLDialogElement>(null);
  const [current, setCurrent] = useState(0);
  const counts = { before: photos.filter((p) => p.kind === "before").length, after: photos.filter((p) => p.kind === "after").length };
  const alt = (p: InterventionPhoto) => t(p.kind === "before" ? "photoBefore" : "photoAfter", { index: p.index, total: counts[p.kind] });
  const src = (p: InterventionPhoto, thumb: boolean) => `/api/interventions/${ticketId}/photos/${p.fileId}${thumb ? "?taille=vignette" : ""}`;
  const open = (i: number) => {
    setCurrent(i);
    dialog.current?.showModal();
  };
  const move = (delta: number) => setCurrent((c) => (c + delta + photos.length) % photos.length);
  const photo = photos[current];

  return (
    <div>
      {(["before", "after"] as const).map((kind) =>
        counts[kind] === 0 ? null : (
          <div key={kind} className="mt-2 first:mt-0">
            <h3 className="text-sm font-semibold text-slate-800">{t(kind === "before" ? "before" : "after")}</h3>
            <ul className="mt-2 grid grid-cols-3 gap-2 sm:grid-cols-4">
              {photos.map((p, i) =>
                p.kind !== kind ? null : (
                  <li key={p.fileId}>
                    <button
                      type="button"
                      onClick={() => open(i)}
                      className="block w-full overflow-hidden rounded-lg border border-slate-200 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
                    >
                      {/* eslint-disable-next-line @next/next/no-img-element -- owner-only stream, not optimisable by next/image */}
                      <img src={src(p, true)} alt={alt(p)} loading="lazy" className="aspect-square w-full object-cover" />
                      <span className="sr-only">{t("enlarge")}</span>
                    </button>
                  </li>
                ),
              )}
            </ul>
          </div>
        ),
      )}
      <dialog
        ref={dialog}
        aria-label={photo ? alt(photo) : t("photos")}
        className="m-auto w-[min(96vw,64rem)] rounded-xl bg-white p-0 backdrop:bg-black/70"
        onKeyDown={(e) => {
          if (e.key === "ArrowRight") move(1);
          if (e.key === "ArrowLeft") move(-1);
        }}
      >
        {photo ? (
          <figure className="p-3">
            {/* eslint-disable-next-line @next/next/no-img-element -- owner-only stream */}
            <img src={src(photo, false)} alt={alt(photo)} className="max-h-[75vh] w-full object-contain" />
            <figcaption className="mt-2 text-center text-sm text-slate-800" aria-live="polite">
              {alt(photo)}
            </figcaption>
          </figure>
        ) : null}
        <div className="flex justify-between gap-2 border-t border-slate-200 p-3">
          <Button variant="secondary" onClick={() => move(-1)} disabled={photos.length < 2}>
            {t("previous")}
          </Button>
          <Button onClick={() => dialog.current?.close()} autoFocus>
            {t("close")}
          </Button>
          <Button variant="secondary" onClick={() => move(1)} disabled={photos.length < 2}>
            {t("next")}
          </Button>
        </div>
      </dialog>
    </div>
  );
}
