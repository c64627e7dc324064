import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FrameMeta } from './spool.js';

/** How one delivery attempt ended. */
export type Outcome =
  | { kind: 'delivered'; frameId?: string }
  /** The server refused the frame for good (a 4xx other than 429): not retried. */
  | { kind: 'refused'; status: number; message: string }
  /** Try again later: after `retryAfterMs` when the server said so, else after back-off. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number };

/** Delivers one frame. */
export type Sender = (meta: FrameMeta, jpeg: Buffer) => Promise<Outcome>;

/** Where frames go and how requests are signed. */
export type Target =
  | { kind: 'api'; endpoint: string; auth: 'sigv4' | 'none'; region?: string }
  | { kind: 's3'; bucket: string; region?: string };

/** The Idempotency-Key of a frame: the same on every retry of it. */
export const idempotencyKey = (meta: FrameMeta) =>
  `${meta.cameraId}-${Date.parse(meta.capturedAt)}`;

/** Retry-After in ms from its seconds or HTTP-date form; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(header)) return Math.round(Number(header) * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The region of an execute-api URL (`https://id.execute-api.REGION.amazonaws.com/...`). */
export function regionOfEndpoint(endpoint: string): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/i.exec(endpoint)?.[1];
}

/** The server's own words from an error body `{"error": {"message"}}`, else the raw text. */
function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string };
      message?: string;
    };
    if (body.error?.message) return `${body.error.code ?? 'error'}: ${body.error.message}`;
    if (body.message) return body.message;
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 500) || '(empty body)';
}

/** A sender for `POST <endpoint>/frames`, SigV4-signed for execute-api or unsigned. */
export function apiSender(target: Extract<Target, { kind: 'api' }>): Sender {
  const url = new URL(`${target.endpoint.replace(/\/+$/, '')}/frames`);
  const region = target.region ?? regionOfEndpoint(target.endpoint) ?? 'us-east-1';
  const signer =
    target.auth === 'sigv4'
      ? new SignatureV4({
          service: 'execute-api',
          region,
          sha256: Hash.bind(null, 'sha256'),
          // The default chain memoizes and refreshes credentials 5 minutes before they expire.
          credentials: defaultProvider(),
        })
      : undefined;
  return async (meta, jpeg) => {
    const body = JSON.stringify({
      image: jpeg.toString('base64'),
      cameraId: meta.cameraId,
      capturedAt: meta.capturedAt,
      ...(meta.location ? { location: meta.location } : {}),
      ...(meta.requiredEquipment ? { requiredEquipment: meta.requiredEquipment } : {}),
      ...(meta.minConfidence !== undefined ? { minConfidence: meta.minConfidence } : {}),
    });
    let headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey(meta),
      host: url.host,
    };
    if (signer) {
      let signed: Awaited<ReturnType<SignatureV4['sign']>>;
      try {
        signed = await signer.sign(
          new HttpRequest({
            method: 'POST',
            protocol: url.protocol,
            hostname: url.hostname,
            ...(url.port ? { port: Number(url.port) } : {}),
            path: url.pathname,
            headers,
            body,
          }),
        );
      } catch (error) {
        // The chain may come up later (an instance role at boot); meanwhile the frame waits.
        return {
          kind: 'retry',
          reason: `no AWS credentials for SigV4: ${(error as Error).message}`,
        };
      }
      headers = signed.headers as Record<string, string>;
    }
    const { host: _host, ...sent } = headers;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: sent,
        body,
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return {
        kind: 'retry',
        reason: `network: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      let frameId: string | undefined;
      try {
        frameId = (JSON.parse(text) as { frameId?: string }).frameId;
      } catch {
        frameId = undefined;
      }
      return { kind: 'delivered', ...(frameId ? { frameId } : {}) };
    }
    const message = serverMessage(text);
    if (response.status === 429 || response.status >= 500) {
      const after =
        response.status === 429 || response.status === 503
          ? retryAfterMs(response.headers.get('retry-after'))
          : undefined;
      return {
        kind: 'retry',
        reason: `HTTP ${response.status}: ${message}`,
        ...(after !== undefined ? { retryAfterMs: after } : {}),
      };
    }
    return { kind: 'refused', status: response.status, message };
  };
}

/** The S3 object key of a frame: `incoming/<cameraId>/<capturedAt>.jpg`. */
export const s3Key = (meta: FrameMeta) => `incoming/${meta.cameraId}/${meta.capturedAt}.jpg`;

/**
 * A sender for the S3 path: PutObject with the camera metadata as `x-amz-meta-*`. The SDK's
 * own retries are off: the courier retries with the spool behind it. AWS_ENDPOINT_URL_S3 points
 * it elsewhere (the local runtime's S3).
 */
export function s3Sender(target: Extract<Target, { kind: 's3' }>): Sender {
  const client = new S3Client({
    ...(target.region ? { region: target.region } : {}),
    maxAttempts: 1,
    // A plain Content-Length upload: no aws-chunked framing, which S3-compatible stores mishandle.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
  });
  return async (meta, jpeg) => {
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: target.bucket,
          Key: s3Key(meta),
          Body: jpeg,
          ContentType: 'image/jpeg',
          Metadata: {
            'camera-id': meta.cameraId,
            'captured-at': meta.capturedAt,
            ...(meta.location ? { location: meta.location } : {}),
            ...(meta.requiredEquipment
              ? { 'required-equipment': meta.requiredEquipment.join(',') }
              : {}),
            ...(meta.minConfidence !== undefined
              ? { 'min-confidence': String(meta.minConfidence) }
              : {}),
          },
        }),
      );
      return { kind: 'delivered' };
    } catch (error) {
      const status = (error as S3ServiceException).$metadata?.httpStatusCode;
      const message = `${(error as Error).name}: ${(error as Error).message}`;
      if (
        error instanceof S3ServiceException &&
        status &&
        status >= 400 &&
        status < 500 &&
        status !== 429
      ) {
        return { kind: 'refused', status, message };
      }
      return { kind: 'retry', reason: message };
    }
  };
}

/**
 * The S3 path's region (flag, config, AWS_REGION or the profile), or undefined when none is
 * found: without one every upload would fail, so the commands refuse to start.
 */
export async function s3Region(
  target: Extract<Target, { kind: 's3' }>,
): Promise<string | undefined> {
  if (target.region) return target.region;
  try {
    return await new S3Client({}).config.region();
  } catch {
    return undefined;
  }
}

/** The sender for a target. */
export const makeSender = (target: Target): Sender =>
  target.kind === 'api' ? apiSender(target) : s3Sender(target);
