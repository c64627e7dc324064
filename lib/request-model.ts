import { type JsonSchema, JsonSchemaType, JsonSchemaVersion } from 'aws-cdk-lib/aws-apigateway';
import * as z from 'zod';
import { apiDocs } from '../lambda/schemas/api-docs.js';

type Json = Record<string, unknown>;

/** The draft-4 keywords that API Gateway's request validation understands. */
const DRAFT4_KEYWORDS = new Set([
  'type',
  'title',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'properties',
  'required',
  'additionalProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);

/**
 * Words for people, not the validator (they stay in openapi.json); `format`, because API Gateway
 * may check `date-time` more strictly than the function; and `additionalProperties: false`, so an
 * unknown field reaches the function, whose message names it.
 */
const LEFT_OUT = new Set(['description', 'examples', 'format', '$schema']);

const TYPES = new Set<string>(Object.values(JsonSchemaType));

/** One node of zod's draft-4 output as CDK's JsonSchema, its `$ref`s replaced by what they name. */
function toModel(node: Json, definitions: Json, at: string): JsonSchema {
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const target = definitions[ref.replace(/^#\/definitions\//, '')];
    if (typeof target !== 'object' || target === null)
      throw new Error(`${at}: cannot inline ${ref}`);
    return toModel(target as Json, definitions, at);
  }
  const model: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (LEFT_OUT.has(key) || (key === 'additionalProperties' && value === false)) continue;
    if (!DRAFT4_KEYWORDS.has(key)) throw new Error(`${at}: API Gateway models have no "${key}"`);
    if (key === 'type' && !(typeof value === 'string' && TYPES.has(value))) {
      throw new Error(`${at}: type ${JSON.stringify(value)} is not a JsonSchemaType`);
    }
    if (key === 'properties') {
      model[key] = Object.fromEntries(
        Object.entries(value as Json).map(([name, child]) => [
          name,
          toModel(child as Json, definitions, `${at}.${name}`),
        ]),
      );
    } else if ((key === 'items' && !Array.isArray(value)) || key === 'not') {
      model[key] = toModel(value as Json, definitions, `${at}[]`);
    } else if (['items', 'allOf', 'anyOf', 'oneOf'].includes(key)) {
      model[key] = (value as Json[]).map((child) => toModel(child, definitions, at));
    } else {
      model[key] = value;
    }
  }
  return model as JsonSchema;
}

/**
 * An API Gateway request model made from a zod schema: zod's JSON Schema draft 4 of what a client
 * sends (`io: 'input'`), self-contained (no `$ref`), with only the keywords API Gateway's validator
 * knows; anything else fails `cdk synth` rather than deploying a model API Gateway refuses.
 */
export function requestModelSchema(schema: z.ZodType, title: string): JsonSchema {
  const draft4 = z.toJSONSchema(schema, {
    target: 'draft-04',
    io: 'input',
    metadata: apiDocs,
  }) as Json;
  const { definitions = {}, ...root } = draft4;
  return {
    schema: JsonSchemaVersion.DRAFT4,
    ...toModel(root, definitions as Json, title),
    title,
  };
}
