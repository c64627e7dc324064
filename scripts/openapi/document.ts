import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type * as z from 'zod';
import { apiDocs } from '../../lambda/schemas/api-docs.js';
import { errorBodySchema } from '../../lambda/schemas/error-body.js';
import { PROJECT_ROOT } from '../../lib/ppe-function.js';
import { EXAMPLES } from './examples.js';
import { componentSchemas, type Json, schemaAt } from './json-schema.js';
import type { Header, Route, RouteResponse } from './route.js';
import { ROUTES } from './routes.js';
import { HEADERS, INFO, RESPONSES, SECURITY_SCHEMES, SERVERS, TAGS } from './shared.js';
// The alert and digest messages are components, though no route returns them.
import '../../lambda/schemas/notifications.js';

/** The parameters of a route, from the fields of its path, query and header schemas. */
function parameters(route: Route): Json[] {
  const groups: [string, z.ZodObject | undefined][] = [
    ['header', route.parameters.header],
    ['path', route.parameters.path],
    ['query', route.parameters.query],
  ];
  return groups.flatMap(([location, object]) =>
    Object.entries(object?.shape ?? {}).map(([name, field]) => {
      const type = field as z.ZodType;
      const { description, examples, ...schema } = schemaAt(type);
      const example = (apiDocs.get(type)?.examples as unknown[] | undefined)?.[0];
      return {
        name,
        in: location,
        required: !type.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema,
        ...(example !== undefined ? { example } : {}),
      };
    }),
  );
}

function response({ description, headers, schema, examples }: RouteResponse): Json {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: {
      'application/json': {
        schema: schemaAt(schema ?? errorBodySchema),
        ...(examples ? { examples } : {}),
      },
    },
  };
}

function operation(route: Route): Json {
  return {
    operationId: route.operationId,
    tags: route.tags,
    summary: route.summary,
    description: route.description,
    parameters: parameters(route),
    ...(route.requestBody
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: schemaAt(route.requestBody.schema),
                examples: route.requestBody.examples,
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, answer]) => [
        status,
        typeof answer === 'string'
          ? { $ref: `#/components/responses/${answer}` }
          : response(answer),
      ]),
    ),
    security: [{ sigv4: [] }],
  };
}

function header({ description, schema, example }: Header): Json {
  return { description, schema: schemaAt(schema), ...(example !== undefined ? { example } : {}) };
}

/**
 * openapi.json, made from the zod schemas and the route table: `npm run openapi` writes it, and
 * test/infra/openapi.test.ts fails when the committed file differs.
 */
export function buildOpenApiDocument(routes: readonly Route[] = ROUTES): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: INFO,
    servers: SERVERS,
    security: [{ sigv4: [] }],
    tags: TAGS,
    paths,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      headers: Object.fromEntries(Object.entries(HEADERS).map(([name, h]) => [name, header(h)])),
      responses: Object.fromEntries(
        Object.entries(RESPONSES).map(([name, answer]) => [name, response(answer)]),
      ),
      examples: EXAMPLES,
      schemas: componentSchemas(),
    },
  };
}

/**
 * The document as openapi.json holds it: JSON formatted by the repository's formatter (Biome), so
 * that `npm run lint` accepts the file as generated.
 */
export function openApiText(document: Json = buildOpenApiDocument()): string {
  return execFileSync(
    join(PROJECT_ROOT, 'node_modules', '.bin', 'biome'),
    ['format', `--stdin-file-path=${join(PROJECT_ROOT, 'openapi.json')}`],
    { cwd: PROJECT_ROOT, input: JSON.stringify(document), encoding: 'utf8' },
  );
}
