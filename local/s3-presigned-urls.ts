import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The access key the local functions sign with (function-environment.ts), and its secret. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** S3's longest presigned URL: seven days. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

/** What is wrong with a presigned request, in S3's words, or undefined when it holds. */
export type PresignProblem = { status: 400 | 403; code: string; message: string };

/** A request as it reached the server: method, raw path and query, headers by lower-case name. */
export interface PresignedRequest {
  method: string;
  /** The path and query exactly as sent (still percent-encoded). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

const encode = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
const hmac = (key: Buffer | string, text: string) =>
  createHmac('sha256', key).update(text).digest();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `20261201T225910Z` as a time, or NaN. */
function amzDate(value: string): number {
  const match = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match;
  return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/**
 * Checks a SigV4 query-string-signed (presigned) request as S3 does: its expiry always, and its
 * signature where the key is the one the local functions sign with. s3rver checks neither: it
 * takes any V4 signature and ignores X-Amz-Expires, which would hide a URL that S3 refuses.
 */
export function checkPresignedRequest(
  request: PresignedRequest,
  now = Date.now(),
): PresignProblem | undefined {
  const [rawPath = '/', rawQuery = ''] = request.url.split('?', 2);
  const params = new URLSearchParams(rawQuery);
  if (params.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return undefined;
  const credential = params.get('X-Amz-Credential') ?? '';
  const [accessKeyId, day, region, service, terminator] = credential.split('/');
  const date = params.get('X-Amz-Date') ?? '';
  const expires = Number(params.get('X-Amz-Expires'));
  const signedHeaders = params.get('X-Amz-SignedHeaders') ?? '';
  const signature = params.get('X-Amz-Signature') ?? '';
  const signedAt = amzDate(date);
  if (
    !accessKeyId ||
    service !== 's3' ||
    terminator !== 'aws4_request' ||
    !Number.isInteger(expires) ||
    Number.isNaN(signedAt) ||
    !signedHeaders ||
    !signature
  ) {
    return {
      status: 400,
      code: 'AuthorizationQueryParametersError',
      message:
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    };
  }
  if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
    return {
      status: 400,
      code: 'AuthorizationQueryParametersError',
      message: 'X-Amz-Expires must be more than 0 and less than a week (604800 seconds).',
    };
  }
  if (now > signedAt + expires * 1000) {
    return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
  }
  if (accessKeyId !== LOCAL_CREDENTIALS.accessKeyId) return undefined;

  const query = [...params.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const names = signedHeaders.split(';');
  const headerLines = names
    .map((name) => {
      const value = request.headers[name];
      return `${name}:${(Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const payload = params.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  const canonical = [request.method, rawPath, query, headerLines, signedHeaders, payload].join(
    '\n',
  );
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${LOCAL_CREDENTIALS.secretAccessKey}`, day ?? '');
  for (const part of [region ?? '', 's3', 'aws4_request']) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, toSign).toString('hex'));
  const given = Buffer.from(signature);
  if (expected.length === given.length && timingSafeEqual(expected, given)) return undefined;
  return {
    status: 403,
    code: 'SignatureDoesNotMatch',
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  };
}
