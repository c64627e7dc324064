import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { toApiReply, unreachable } from './http-reply.js';
import type { AlertInbox, ApiReply, ReceivedAlert, SmokeTarget } from './target.js';

/** What `--local` takes. */
export interface LocalTargetOptions {
  /** The local runtime's API, e.g. http://127.0.0.1:3000. */
  apiUrl: string;
  waitMs: number;
}

const infoSchema = z.object({
  s3Endpoint: z.string().url(),
  bucket: z.string().min(1),
  detector: z.string(),
  region: z.string().min(1),
});

const localAlertsSchema = z.array(
  z.looseObject({ message: z.unknown(), attributes: z.record(z.string(), z.unknown()) }),
);

async function getJson(url: string): Promise<ApiReply> {
  try {
    return await toApiReply(await fetch(url));
  } catch (error) {
    throw unreachable(url, error);
  }
}

/**
 * The local runtime (`npm start`) as a smoke-test target: endpoints from `GET /local/info`, no
 * signing, alerts from `GET /local/alerts` (the SNS stand-in's record of what was published).
 */
export async function openLocalTarget(options: LocalTargetOptions): Promise<SmokeTarget> {
  const base = options.apiUrl.replace(/\/+$/, '');
  const infoReply = await getJson(`${base}/local/info`);
  const parsed = infoSchema.safeParse(infoReply.json);
  if (infoReply.status !== 200 || !parsed.success) {
    throw new Error(
      `${base}/local/info answered ${infoReply.status} without the runtime's endpoints: is ${base} the local runtime (npm start)?`,
    );
  }
  const info = parsed.data;
  if (info.detector !== 'replay') {
    throw new Error(
      `the local runtime uses ${info.detector}, which cannot read the local bucket: start it without PPE_DETECTOR=rekognition`,
    );
  }
  const s3 = new S3Client({
    endpoint: info.s3Endpoint,
    region: info.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // s3rver would store aws-chunked framing (the default checksums) as part of the object.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  return {
    description: `local runtime at ${base} (bucket ${info.bucket})`,
    waitMs: options.waitMs,
    pollIntervalMs: 200,
    async request(method, path, body, headers = {}) {
      const url = `${base}/${path}`;
      try {
        const response = await fetch(url, {
          method,
          headers: { 'Content-Type': 'application/json', ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return await toApiReply(response);
      } catch (error) {
        throw unreachable(url, error);
      }
    },
    async upload(key, image, metadata, cleanup) {
      await s3.send(
        new PutObjectCommand({
          Bucket: info.bucket,
          Key: key,
          Body: image,
          ContentType: 'image/jpeg',
          Metadata: metadata,
        }),
      );
      cleanup(`delete s3://${info.bucket}/${key}`, async () => {
        await s3.send(new DeleteObjectCommand({ Bucket: info.bucket, Key: key }));
      });
    },
    async subscribeToAlerts() {
      const first = await getJson(`${base}/local/alerts`);
      let seen = localAlertsSchema.safeParse(first.json).data?.length ?? 0;
      const inbox: AlertInbox = {
        async receive(deadline) {
          const reply = await getJson(`${base}/local/alerts`);
          const alerts = localAlertsSchema.safeParse(reply.json);
          if (!alerts.success) {
            throw new Error(`${base}/local/alerts answered ${reply.status}, not a list of alerts`);
          }
          const fresh: ReceivedAlert[] = alerts.data.slice(seen);
          seen = alerts.data.length;
          if (fresh.length === 0) {
            await new Promise((resolve) =>
              setTimeout(resolve, Math.min(200, Math.max(0, deadline - Date.now()))),
            );
          }
          return fresh;
        },
      };
      return inbox;
    },
  };
}
