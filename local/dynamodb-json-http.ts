import { randomUUID } from 'node:crypto';
import { Agent, type IncomingHttpHeaders, request, type ServerResponse } from 'node:http';

/** An item or a key in DynamoDB's wire format; the proxy never looks inside attribute values. */
export type AttributeMap = Record<string, unknown>;

/** A whole HTTP answer, kept in memory. */
export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Headers of one connection rather than of the message, recomputed on each hop. */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'expect']);

/** dynalite wants a SigV4-shaped Authorization header, but never checks the signature. */
const LOCAL_SIGNATURE = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  'x-amz-date': '20200101T000000Z',
};

/** An error answer of the DynamoDB JSON protocol: its status and the body DynamoDB sends. */
export class DynamoDbError extends Error {
  override readonly name = 'DynamoDbError';
  /** The short name, e.g. `ConditionalCheckFailedException`. */
  readonly type: string;

  constructor(
    readonly status: number,
    readonly body: { __type: string; message?: string; [field: string]: unknown },
  ) {
    super(`${body.__type}: ${body.message ?? ''}`);
    this.type = body.__type.split('#').pop() ?? '';
  }
}

/** The error DynamoDB answers, in its namespace (validation errors have their own). */
export function dynamoDbError(type: string, message: string, fields: object = {}): DynamoDbError {
  const namespace =
    type === 'ValidationException'
      ? 'com.amazon.coral.validate'
      : 'com.amazonaws.dynamodb.v20120810';
  const status = type === 'InternalServerError' ? 500 : 400;
  return new DynamoDbError(status, { __type: `${namespace}#${type}`, message, ...fields });
}

/** Copies the end-to-end headers, with the length of the body that goes with them. */
function endToEnd(headers: IncomingHttpHeaders, body: Buffer): IncomingHttpHeaders {
  const kept = Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name));
  return { ...Object.fromEntries(kept), 'content-length': String(body.length) };
}

/** The DynamoDB-compatible server behind the proxy, over plain HTTP. */
export class DynamoDbTarget {
  readonly #url: URL;
  readonly #agent = new Agent({ keepAlive: true });

  constructor(url: string) {
    this.#url = new URL(url);
  }

  /** Sends a request as it came (method, path, headers, body) and reads the whole answer. */
  send(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
      const options = { method, headers: endToEnd(headers, body), agent: this.#agent };
      const outgoing = request(new URL(path, this.#url), options, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 502;
          resolve({ status, headers: incoming.headers, body: Buffer.concat(chunks) });
        });
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** Calls one operation; resolves to its output, or rejects with its error answer. */
  async call(operation: string, input: object): Promise<Record<string, unknown>> {
    const headers = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      ...LOCAL_SIGNATURE,
    };
    const reply = await this.send('POST', '/', headers, Buffer.from(JSON.stringify(input)));
    const output = JSON.parse(reply.body.toString() || '{}');
    if (reply.status !== 200) throw new DynamoDbError(reply.status, output);
    return output;
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#agent.destroy();
  }
}

/** Relays an answer of the target: status, headers and body. */
export function relay(response: ServerResponse, reply: HttpReply): void {
  response.writeHead(reply.status, endToEnd(reply.headers, reply.body)).end(reply.body);
}

/** Answers as DynamoDB does: a JSON 1.0 output, or an error with its type in a header too. */
export function sendDynamoDb(response: ServerResponse, result: object | DynamoDbError): void {
  const error = result instanceof DynamoDbError ? result : undefined;
  const text = Buffer.from(JSON.stringify(error?.body ?? result));
  response
    .writeHead(error?.status ?? 200, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(text.length),
      'x-amzn-RequestId': randomUUID(),
      ...(error ? { 'x-amzn-ErrorType': error.type } : {}),
    })
    .end(text);
}
