import * as z from 'zod';
import { apiDocs } from '../../lambda/schemas/api-docs.js';

/** A JSON value as the document holds it. */
export type Json = Record<string, unknown>;

const COMPONENT = '#/components/schemas/';

/** Zod's output made fit for the document: no `$schema`/`$id`, no safe-integer bounds. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id' || key === '$defs') continue;
    if (key === 'maximum' && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === 'minimum' && value === Number.MIN_SAFE_INTEGER) continue;
    out[key] =
      key === '$ref' && typeof value === 'string'
        ? value.replace(/^#\/\$defs\//, COMPONENT)
        : tidy(value);
  }
  return out;
}

/** Every schema with an `id` in {@link apiDocs}, as `components.schemas`. */
export function componentSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(apiDocs, {
    target: 'draft-2020-12',
    io: 'input',
    metadata: apiDocs,
    uri: (id) => `${COMPONENT}${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, schema]) => [id, tidy(schema) as Json]),
  );
}

/**
 * A schema where the document uses it: a `$ref` to its component when it has an id, else its
 * JSON Schema with references to the components it uses. Requests are described as sent
 * (`io: 'input'`), responses as they are; they have no transforms, so the two agree.
 */
export function schemaAt(schema: z.ZodType): Json {
  const id = apiDocs.get(schema)?.id;
  if (id) return { $ref: `${COMPONENT}${id}` };
  return tidy(
    z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', metadata: apiDocs }),
  ) as Json;
}
