import type { ReactNode } from "react";
import { CardSkeleton, LoadingStatus } from "./card";

/** The top of a portal page: its one h1 and a line saying what it holds. */
export function PageHeader({ title, intro, action }: { title: string; intro?: string; action?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-bold text-brand-900 sm:text-3xl">{title}</h1>
        {intro ? <p className="mt-1 text-slate-700">{intro}</p> : null}
      </div>
      {action}
    </div>
  );
}

/** loading.tsx of a list page: the real heading and the sections' frames, inside the real shell. */
export function ListPageSkeleton({ title, intro, sections, loading }: { title: string; intro?: string; sections: string[]; loading: string }) {
  return (
    <div className="space-y-6">
      <LoadingStatus label={loading} />
      <PageHeader title={title} intro={intro} />
      {sections.map((s) => (
        <CardSkeleton key={s} title={s} lines={3} />
      ))}
    </div>
  );
}
