import type { zodResolver } from "@hookform/resolvers/zod";
import type { FieldValues, Resolver } from "react-hook-form";

type Schema = Parameters<typeof zodResolver>[0];
type SchemaOptions = Parameters<typeof zodResolver>[1];

export interface LazyResolver<In extends FieldValues, Out> {
  resolver: Resolver<In, unknown, Out>;
  /** Starts loading the schema (a form's first focus or pointer down), so the first submit waits for nothing. */
  preload: () => void;
}

/**
 * react-hook-form's zod resolver over the action's own schema, loaded when the form is first used
 * rather than with the page: zod (≈ 30 kB gzip) and the schemas' helpers (phone metadata ≈ 30 kB)
 * stay out of the page's first-load JavaScript (issue 19). Same schema, same French messages as the
 * server action, which checks again whatever the browser did. If the chunk cannot be fetched
 * (connection lost), the values go to the action unchecked here, and its answer carries the field
 * messages; the next use tries the load again.
 */
export function lazyZodResolver<In extends FieldValues, Out>(load: () => Promise<Schema>, schemaOptions?: SchemaOptions): LazyResolver<In, Out> {
  let ready: Promise<Resolver<In, unknown, Out>> | null = null;
  const get = () =>
    (ready ??= Promise.all([load(), import("@hookform/resolvers/zod")]).then(
      ([schema, mod]) => mod.zodResolver(schema, schemaOptions) as unknown as Resolver<In, unknown, Out>,
      (error: unknown) => {
        ready = null;
        throw error;
      },
    ));
  return {
    preload: () => void get().catch(() => undefined),
    resolver: async (values, context, options) => {
      let resolve: Resolver<In, unknown, Out>;
      try {
        resolve = await get();
      } catch {
        return { values: values as unknown as Out, errors: {} };
      }
      return resolve(values, context, options);
    },
  };
}
