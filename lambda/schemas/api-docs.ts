import * as z from 'zod';

/**
 * The documentation of the API's schemas: ids (components of openapi.json), descriptions and
 * examples. A registry of its own rather than zod's global one, so that the schemas' prose
 * cannot collide with other metadata and goes only where the generator asks for it.
 */
export const apiDocs = z.registry<z.GlobalMeta>();

/** Documents a schema (in place, as `register` does) and returns it. */
export function documented<T extends z.ZodType>(schema: T, meta: z.GlobalMeta): T {
  apiDocs.add(schema, meta);
  return schema;
}

/**
 * `true` when two types are the same: lets a schema's inferred type be pinned to the domain
 * interface it describes, so that the two cannot drift apart without a compile error.
 */
export type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only for `true`: `Assert<Same<X, Y>>`. */
export type Assert<T extends true> = T;
