import { readFileSync } from 'node:fs';
import type { HeaderBag, HttpRequest, HttpResponse } from '@smithy/types';
import { REKOGNITION_RECORDING } from './inputs.js';

/** One AWS request as the fake HTTP layer saw it: which service, which operation, how big. */
export interface SeenRequest {
  service: 'rekognition' | 'dynamodb' | 's3';
  operation: string;
  /** Request body size in bytes (after serialization; before any TLS or HTTP framing). */
  bodyBytes: number;
  /** The JSON body, kept only for DynamoDB requests and only while capturing. */
  body?: string;
}

/** The object an S3 HeadObject answers about, as an upload with camera metadata would have it. */
export interface FakeObject {
  contentLength: number;
  metadata: Record<string, string>;
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(JSON.stringify(value));

const recording = JSON.parse(readFileSync(REKOGNITION_RECORDING, 'utf8')) as { response: unknown };
const REKOGNITION_RESPONSE = json(recording.response);
const EMPTY_JSON = json({});
const BATCH_WRITE_RESPONSE = json({ UnprocessedItems: {} });
const NO_BODY = new Uint8Array(0);

function bodyBytes(body: unknown): number {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return 0;
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  // Not Buffer.from(body): the SDK's JSON body is a Uint8Array whose valueOf() converts (and warns).
  if (body instanceof Uint8Array) {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  }
  return '';
}

function classify(request: HttpRequest): Pick<SeenRequest, 'service' | 'operation'> {
  const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'];
  if (target?.startsWith('RekognitionService.')) {
    return { service: 'rekognition', operation: target.slice('RekognitionService.'.length) };
  }
  if (target?.startsWith('DynamoDB_20120810.')) {
    return { service: 'dynamodb', operation: target.slice('DynamoDB_20120810.'.length) };
  }
  if (request.hostname.includes('.s3.') || request.hostname.startsWith('s3.')) {
    if (request.method === 'HEAD') return { service: 's3', operation: 'HeadObject' };
    if (request.method === 'PUT' && request.query && 'tagging' in request.query) {
      return { service: 's3', operation: 'PutObjectTagging' };
    }
  }
  throw new Error(`The fake AWS layer has no answer for ${request.method} ${request.hostname}`);
}

function respond(statusCode: number, headers: HeaderBag, body: Uint8Array): HttpResponse {
  // A fresh copy per response: the SDK may adapt the body it is given.
  return { statusCode, headers, body: new Uint8Array(body) };
}

/**
 * A request handler for real AWS SDK v3 clients that answers at once with canned responses, so
 * that serialization, signing and deserialization run as in Lambda while the network does not.
 * It counts every request by service and operation; while `capturing`, it also keeps DynamoDB
 * request bodies, for the write-size census.
 */
export function makeFakeAws(object: FakeObject) {
  const counts = new Map<string, number>();
  const captured: SeenRequest[] = [];
  let capturing = false;
  const jsonHeaders = (version: string): HeaderBag => ({
    'content-type': `application/x-amz-json-${version}`,
    'x-amzn-requestid': 'bench-request',
  });
  const headObject: HeaderBag = {
    'content-length': String(object.contentLength),
    'content-type': 'image/jpeg',
    etag: '"0123456789abcdef0123456789abcdef"',
    'last-modified': 'Fri, 27 Nov 2026 09:00:00 GMT',
    'accept-ranges': 'bytes',
    'x-amz-request-id': 'bench-request',
    ...Object.fromEntries(
      Object.entries(object.metadata).map(([key, value]) => [`x-amz-meta-${key}`, value]),
    ),
  };

  function answer(request: HttpRequest, operation: string): HttpResponse {
    switch (operation) {
      case 'DetectProtectiveEquipment':
        return respond(200, jsonHeaders('1.1'), REKOGNITION_RESPONSE);
      case 'PutItem':
      case 'TransactWriteItems':
        return respond(200, jsonHeaders('1.0'), EMPTY_JSON);
      case 'BatchWriteItem':
        return respond(200, jsonHeaders('1.0'), BATCH_WRITE_RESPONSE);
      case 'HeadObject':
        return respond(200, headObject, NO_BODY);
      case 'PutObjectTagging':
        return respond(200, { 'x-amz-request-id': 'bench-request' }, NO_BODY);
      default:
        throw new Error(`The fake AWS layer has no answer for ${operation} (${request.hostname})`);
    }
  }

  const requestHandler = {
    metadata: { handlerProtocol: 'http/1.1' },
    handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
      const { service, operation } = classify(request);
      const key = `${service}.${operation}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (capturing) {
        captured.push({
          service,
          operation,
          bodyBytes: bodyBytes(request.body),
          ...(service === 'dynamodb' ? { body: bodyText(request.body) } : {}),
        });
      }
      return Promise.resolve({ response: answer(request, operation) });
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };

  return {
    requestHandler,
    /** Requests by `service.operation` since the start. */
    counts,
    /** Starts keeping what the next requests carry, for a census of one frame. */
    capture(): SeenRequest[] {
      capturing = true;
      captured.length = 0;
      return captured;
    },
    stopCapture() {
      capturing = false;
    },
  };
}

/** The fake AWS layer of one benchmark process. */
export type FakeAws = ReturnType<typeof makeFakeAws>;
