import type { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import S3rver from 's3rver';
// @ts-expect-error s3rver ships no types for its account model
import AWSAccount from 's3rver/lib/models/account.js';
import { makeSequencer, type S3rverEventRecord, toS3Notification } from './s3-notification.js';
import { checkPresignedRequest } from './s3-presigned-urls.js';
import { type FilesystemStore, makeWritesAtomic } from './s3rver-atomic-writes.js';

/** Where and how the S3 stand-in runs. */
export interface LocalS3Options {
  port: number;
  bucket: string;
  /** Further buckets (no notifications), such as the reports bucket. @default none */
  otherBuckets?: readonly string[];
  region: string;
  /** Objects are kept here; a temporary directory, removed on close, when absent. */
  directory?: string;
  /** Only ObjectCreated events under this prefix are notified, as the bucket's notification. */
  notifyPrefix: string;
  onNotification: (event: S3Event) => void;
}

/** A running S3 stand-in. */
export interface LocalS3 {
  url: string;
  /** An object's bytes, or undefined when there is no such object. */
  readObject(bucket: string, key: string): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

const ANY_KEY = Symbol.for('ppe-local.s3rver-any-key');

/**
 * s3rver knows one dummy access key and refuses the others. The other stand-ins take any
 * credentials, and so must this one: the handlers sign with whatever the default chain finds.
 */
function acceptAnyAccessKey(): void {
  const registry = AWSAccount.registry as Map<string, unknown> & { [ANY_KEY]?: true };
  if (registry[ANY_KEY]) return;
  const known = registry.get.bind(registry);
  registry.get = (accessKeyId: string) => known(accessKeyId) ?? AWSAccount.DUMMY_ACCOUNT;
  registry[ANY_KEY] = true;
}

/** What an s3rver (Koa) middleware sees of a request and its answer. */
interface KoaContext {
  method: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  get(header: string): string;
  response: { get(header: string): string };
  set(header: string, value: string): void;
  remove(header: string): void;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

const unquote = (eTag: string) => eTag.trim().replace(/^W\//, '').replace(/"/g, '');

/**
 * S3 answers a GET or HEAD whose If-Match names another ETag with 412 PreconditionFailed;
 * s3rver ignores the header. The S3 path relies on it to tell an overwritten object.
 */
const ifMatch: Middleware = async (ctx, next) => {
  const wanted = ctx.get('if-match');
  await next();
  if (!wanted || !['GET', 'HEAD'].includes(ctx.method) || ctx.status >= 300) return;
  const current = unquote(ctx.response.get('ETag'));
  if (wanted.split(',').some((tag) => tag.trim() === '*' || unquote(tag) === current)) return;
  (ctx.body as { destroy?: () => void } | undefined)?.destroy?.();
  for (const header of ['ETag', 'Last-Modified', 'Accept-Ranges', 'Content-Range']) {
    ctx.remove(header);
  }
  ctx.status = 412;
  ctx.set('Content-Type', 'application/xml');
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
    '<Message>At least one of the pre-conditions you specified did not hold</Message>' +
    '<Condition>If-Match</Condition></Error>';
};

/** Refuses presigned requests that S3 would refuse (expired, or a wrong signature). */
const presignedUrls: Middleware = async (ctx, next) => {
  const problem = checkPresignedRequest({
    method: ctx.method,
    url: ctx.originalUrl,
    headers: ctx.headers,
  });
  if (!problem) return next();
  ctx.status = problem.status;
  ctx.set('Content-Type', 'application/xml');
  ctx.body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${problem.code}</Code>` +
    `<Message>${problem.message}</Message></Error>`;
};

/**
 * Starts s3rver with the ingest bucket, and turns its object events into the ObjectCreated
 * notifications that S3 sends to the ingest queue.
 */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  acceptAnyAccessKey();
  const temporary = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'ppe-local-s3-')));
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    silent: true,
    directory,
    configureBuckets: [options.bucket, ...(options.otherBuckets ?? [])].map((name) => ({
      name,
      configs: [],
    })),
  });
  makeWritesAtomic((server as unknown as { store: FilesystemStore }).store);
  // Before s3rver's own middleware, so that it sees the final answer of every route.
  (server as unknown as { middleware: Middleware[] }).middleware.unshift(presignedUrls, ifMatch);
  const sequencer = makeSequencer();
  (server as unknown as EventEmitter).on('event', (event: { Records: S3rverEventRecord[] }) => {
    for (const record of event.Records) {
      if (
        record.eventName.startsWith('ObjectCreated:') &&
        record.s3.bucket.name === options.bucket &&
        record.s3.object.key.startsWith(options.notifyPrefix)
      ) {
        options.onNotification(
          toS3Notification(record, { region: options.region, sequencer: sequencer() }),
        );
      }
    }
  });
  const { port } = await server.run();
  const url = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint: url,
    region: options.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  return {
    url,
    async readObject(bucket, key) {
      try {
        const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await output.Body?.transformToByteArray();
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        if ((error as { name?: string }).name === 'NoSuchBucket') return undefined;
        throw error;
      }
    },
    async close() {
      client.destroy();
      const closing = server.close();
      (server as unknown as { httpServer?: Server }).httpServer?.closeIdleConnections();
      await closing;
      if (temporary) await rm(directory, { recursive: true, force: true });
    },
  };
}
