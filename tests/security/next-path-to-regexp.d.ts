// Next's bundled copy of path-to-regexp (v6 API) ships no types; the header test uses it to match
// next.config sources and proxy matchers the way Next does.
declare module "next/dist/compiled/path-to-regexp" {
  export function pathToRegexp(path: string, keys?: unknown[], options?: { sensitive?: boolean; strict?: boolean; delimiter?: string; end?: boolean }): RegExp;
}
