import { createHash, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { type AnalyseFrame, IdempotencyConflictError } from '../core/analyse-frame.js';
import {
  DetectorConfigurationError,
  type DetectorSetupProblem,
  DetectorUnavailableError,
  FrameInProgressError,
} from '../core/errors.js';
import { EQUIPMENT_TYPES, type EquipmentType, unknownEquipment } from '../domain/equipment.js';
import { frameContext } from '../domain/frame-context.js';
import type { PolicySet } from '../domain/policy.js';
import type { RejectionReason } from '../domain/rejection.js';
import { describeIssue, frameRequestSchema } from '../schemas/frame-request.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../schemas/parameters.js';
import { decodeFrameImage } from './frame-image.js';
import { errorResponse, header, jsonResponse } from './http-response.js';
import { storeErrorResponse } from './store-errors.js';

/** What the POST /frames handler needs. */
export interface ApiIngestDeps {
  analyseFrame: AnalyseFrame;
  /** Policies by camera and location; the request's own settings override them. */
  policies: PolicySet;
  /** The equipment types a request may name: built in and custom. @default the built-in ones */
  knownEquipment?: readonly EquipmentType[];
  /** Logs what went wrong where the caller only sees a short message. */
  logError: (message: string, error: unknown) => void;
  now?: () => Date;
}

const REJECTION_STATUS: Record<RejectionReason, { statusCode: number; code: string }> = {
  'not-an-image': { statusCode: 400, code: 'UNSUPPORTED_FORMAT' },
  'too-large': { statusCode: 413, code: 'IMAGE_TOO_LARGE' },
  'bad-dimensions': { statusCode: 400, code: 'BAD_DIMENSIONS' },
  unreadable: { statusCode: 400, code: 'UNREADABLE_IMAGE' },
  'bad-metadata': { statusCode: 400, code: 'INVALID_FIELD' },
  'rejected-by-rekognition': { statusCode: 400, code: 'REJECTED_BY_REKOGNITION' },
};

/** A misconfigured detector: nothing is stored, the message says what to fix. */
const SETUP_STATUS: Record<DetectorSetupProblem, { statusCode: number; code: string }> = {
  'access-denied': { statusCode: 500, code: 'CONFIGURATION_ERROR' },
  'model-not-found': { statusCode: 500, code: 'CONFIGURATION_ERROR' },
  // Only the local runtime's replay answers this; a 4xx, so that a sender does not retry it.
  'no-recording': { statusCode: 422, code: 'NO_RECORDING' },
};

const sha256 = (...parts: (string | Uint8Array)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

function parseBody(event: APIGatewayProxyEvent): unknown {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  return JSON.parse(raw);
}

/**
 * POST /frames: validates the request, analyses the frame synchronously and answers with the
 * per-person result. With an `Idempotency-Key`, a retry gets the first answer back.
 */
export function makeApiIngestHandler(deps: ApiIngestDeps) {
  const now = deps.now ?? (() => new Date());
  const known = deps.knownEquipment ?? EQUIPMENT_TYPES;

  return async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    let json: unknown;
    try {
      json = parseBody(event);
    } catch (error) {
      return errorResponse(
        400,
        'INVALID_JSON',
        `The body is not valid JSON (${(error as Error).message}): send a JSON object with "image" and "cameraId".`,
      );
    }
    const parsed = frameRequestSchema.safeParse(json);
    if (!parsed.success) {
      const { field, message } = describeIssue(parsed.error);
      return errorResponse(400, 'INVALID_FIELD', message, {}, { field });
    }
    const body = parsed.data;
    const unknown = unknownEquipment(body.requiredEquipment ?? [], known);
    if (unknown) {
      const field = `requiredEquipment.${unknown.index}`;
      return errorResponse(400, 'INVALID_FIELD', `"${field}" ${unknown.message}.`, {}, { field });
    }
    const idempotencyKey = header(event.headers, 'Idempotency-Key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      return errorResponse(
        400,
        'INVALID_IDEMPOTENCY_KEY',
        'The Idempotency-Key header must be 1 to 255 printable ASCII characters, such as a UUID.',
      );
    }
    const image = decodeFrameImage(body.image);
    if ('statusCode' in image) return errorResponse(image.statusCode, image.code, image.message);

    const frameId = idempotencyKey
      ? `k-${sha256(body.cameraId, idempotencyKey).slice(0, 32)}`
      : randomUUID();
    const { context, alertOnIndeterminate } = frameContext(
      {
        frameId,
        cameraId: body.cameraId,
        ...(body.location ? { location: body.location } : {}),
        capturedAt: body.capturedAt ?? now().toISOString(),
        source: 'api',
        overrides: { requiredEquipment: body.requiredEquipment, minConfidence: body.minConfidence },
      },
      deps.policies,
    );
    // A retry must send the same frame and settings; capturedAt may default differently each time.
    const requestHash = idempotencyKey
      ? sha256(
          image.bytes,
          body.location ?? '',
          context.requiredEquipment.join(','),
          String(context.minConfidence),
        )
      : '';

    try {
      const { frame, duplicate } = await deps.analyseFrame({
        context,
        image: { bytes: image.bytes },
        requestHash,
        alertOnIndeterminate,
      });
      const replayed: Record<string, string> = duplicate ? { 'Idempotent-Replayed': 'true' } : {};
      if (frame.status === 'rejected') {
        const { statusCode, code } = REJECTION_STATUS[frame.rejection.reason];
        return errorResponse(statusCode, code, frame.rejection.message, replayed, { frameId });
      }
      return jsonResponse(200, frame, replayed);
    } catch (error) {
      if (error instanceof IdempotencyConflictError) {
        return errorResponse(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used for a different frame: use a new key for every new frame.',
        );
      }
      if (error instanceof FrameInProgressError) {
        return errorResponse(
          409,
          'FRAME_IN_PROGRESS',
          'The first request with this Idempotency-Key is still being analysed: retry in a few seconds.',
          { 'Retry-After': '2' },
        );
      }
      if (error instanceof DetectorUnavailableError) {
        return errorResponse(
          503,
          error.throttled ? 'DETECTOR_THROTTLED' : 'DETECTOR_UNAVAILABLE',
          `Rekognition is ${error.throttled ? 'throttling requests' : 'unavailable'}: retry after the Retry-After seconds, with the same Idempotency-Key.`,
          { 'Retry-After': error.throttled ? '2' : '5' },
        );
      }
      if (error instanceof DetectorConfigurationError) {
        deps.logError('POST /frames: the detector is misconfigured', error);
        const { statusCode, code } = SETUP_STATUS[error.problem];
        return errorResponse(statusCode, code, error.message);
      }
      const unavailable = storeErrorResponse(error, 'retry with the same Idempotency-Key');
      if (unavailable) {
        deps.logError('POST /frames: the results table is unavailable', error);
        return unavailable;
      }
      deps.logError('POST /frames failed', error);
      return errorResponse(
        500,
        'INTERNAL_ERROR',
        'The frame could not be analysed because of an internal error, which is logged: retry with the same Idempotency-Key.',
      );
    }
  };
}
