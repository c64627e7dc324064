import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import {
  type LocalRuntime,
  type LocalRuntimeOptions,
  startLocalRuntime,
} from '../../../local/start-local-runtime.js';

/** The bundled sample frame, whose recording the replay detector holds. */
export const sampleImage = readFileSync(
  new URL('../../../local/samples/ppe-group.jpg', import.meta.url),
);

/**
 * Starts the local runtime on free ports with short retry delays, quiet unless E2E_LOG_LEVEL is
 * set (to a Powertools level, such as INFO), which also prints the runtime's own lines. No console
 * unless `consolePort` is given (0 for a free port).
 */
export function startTestRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const logLevel = process.env.E2E_LOG_LEVEL;
  return startLocalRuntime({
    port: 0,
    s3Port: 0,
    logLevel: logLevel ?? 'SILENT',
    log: logLevel ? (line) => console.log(line) : () => {},
    alertPollIntervalMs: 50,
    consolePort: false,
    ...options,
    queue: { visibilityTimeoutMs: 100, backoffMultiplier: 2, ...options.queue },
  });
}

/** An S3 client on the runtime's S3 endpoint, as a camera gateway would use it. */
export function s3ClientFor(runtime: LocalRuntime): S3Client {
  return new S3Client({
    endpoint: runtime.urls.s3,
    region: runtime.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'camera', secretAccessKey: 'camera' },
    // s3rver stores aws-chunked uploads (the default checksums) as they arrive, framing included.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The S3 path's frame id for an object version, as the s3-ingest handler derives it. */
export function s3FrameId(bucket: string, key: string, eTag: string): string {
  const version = eTag.replace(/"/g, '');
  return `s3-${createHash('sha256').update(`${bucket}/${key}#${version}`).digest('hex').slice(0, 32)}`;
}

/** An HTTP answer with its body parsed as JSON. */
export interface JsonReply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read the contract's JSON freely.
  json: any;
}

/** Sends a request to the runtime's API and parses the JSON answer. */
export async function request(
  runtime: LocalRuntime,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonReply> {
  const response = await fetch(`${runtime.urls.api}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? JSON.parse(text) : undefined,
  };
}

/** The alerts published so far for one frame. */
export async function alertsFor(runtime: LocalRuntime, frameId: string) {
  const { json } = await request(runtime, 'GET', '/local/alerts');
  return (json as { message: { frameId?: string } }[]).filter(
    (alert) => alert.message.frameId === frameId,
  );
}

/** Every item of a frame in the results table (frame record and person records). */
export async function tableItemsFor(runtime: LocalRuntime, frameId: string) {
  const client = new DynamoDBClient({
    endpoint: runtime.urls.dynamodb,
    region: runtime.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  try {
    const output = await client.send(
      new QueryCommand({
        TableName: runtime.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `FRAME#${frameId}` } },
      }),
    );
    return output.Items ?? [];
  } finally {
    client.destroy();
  }
}

/** Resolves once `condition` holds, checking every 25 ms; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
