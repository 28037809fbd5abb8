import Link from "next/link";

/**
 * The company mark; a link home (to the dashboard) when signed in. The link is named by the words it
 * shows, then `linkLabel` for screen readers only (WCAG 2.5.3 Label in Name: a voice-control user says
 * « Duret Électricité »).
 */
export function Brand({ name, portal, href, linkLabel }: { name: string; portal: string | null; href?: string; linkLabel?: string }) {
  const body = (
    <>
      <span aria-hidden="true" className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-brand-700 text-lg font-bold text-volt-400">
        ⚡
      </span>
      <span className="leading-tight">
        <span className="block font-semibold text-brand-900">{name}</span>{" "}
        {portal ? <span className="block text-sm text-slate-600">{portal}</span> : null}
      </span>
    </>
  );
  if (!href) return <p className="flex items-center gap-3">{body}</p>;
  return (
    <Link href={href} className="flex min-h-11 items-center gap-3 rounded-lg">
      {body}
      {linkLabel ? <span className="sr-only">{linkLabel}</span> : null}
    </Link>
  );
}
