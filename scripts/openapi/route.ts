import type * as z from 'zod';

/** A reference inside the document, such as `#/components/examples/FrameResultViolation`. */
export interface Reference {
  $ref: string;
}

/** An example value with a one-line summary, or a reference to a shared one. */
export type Example = { summary?: string; value: unknown } | Reference;

/** A response header: its prose, its schema and an example. */
export interface Header {
  description: string;
  schema: z.ZodType;
  example?: unknown;
}

/** What a route answers with one status: the error body unless `schema` says otherwise. */
export interface RouteResponse {
  description: string;
  headers?: Record<string, Reference>;
  schema?: z.ZodType;
  examples?: Record<string, Example>;
}

/** One operation of the API: its prose, its schemas and its answers. */
export interface Route {
  method: 'get' | 'put' | 'post' | 'delete';
  /** The path as API Gateway declares it, with `{name}` for path parameters. */
  path: string;
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  /** Each object's fields are parameters; an optional field is an optional parameter. */
  parameters: {
    path?: z.ZodObject;
    query?: z.ZodObject;
    header?: z.ZodObject;
  };
  requestBody?: { schema: z.ZodType; examples: Record<string, Example> };
  /** By status; a string names a shared response of {@link RESPONSES}. */
  responses: Record<string, RouteResponse | string>;
}
