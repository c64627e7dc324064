import { createHash } from 'node:crypto';
import type { S3EventRecord, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { AnalyseFrame, FrameRequest } from '../core/analyse-frame.js';
import { DetectorUnavailableError } from '../core/errors.js';
import type { HeadOutcome, IngestObjects, ObjectAddress } from '../core/ports.js';
import { EQUIPMENT_TYPES, type EquipmentType, unknownEquipment } from '../domain/equipment.js';
import { frameContext } from '../domain/frame-context.js';
import type { PolicySet } from '../domain/policy.js';
import type { RejectionReason } from '../domain/rejection.js';
import { CAMERA_ID_PATTERN } from '../schemas/frame-request.js';
import { parseS3Metadata } from '../schemas/s3-metadata.js';

/** What the S3 path's queue consumer needs. */
export interface S3IngestDeps {
  analyseFrame: AnalyseFrame;
  objects: IngestObjects;
  /** Policies by camera and location; the object's metadata overrides them. */
  policies: PolicySet;
  /** The equipment types metadata may name: built in and custom. @default the built-in ones */
  knownEquipment?: readonly EquipmentType[];
  log: {
    info: (message: string, details: Record<string, unknown>) => void;
    error: (message: string, details: Record<string, unknown>) => void;
  };
}

/** Rekognition's limit for an image read from S3. */
export const MAX_S3_IMAGE_BYTES = 15 * 1024 * 1024;
const INCOMING = 'incoming/';
const IMAGE_TYPES =
  /^(image\/(jpeg|jpg|pjpeg|png)|application\/octet-stream|binary\/octet-stream)$/i;

type Rejection = { reason: RejectionReason; message: string };

/** S3 event keys are URL-encoded, with "+" for spaces. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** What is wrong with an object before Rekognition is asked, if anything. */
function precheck(outcome: HeadOutcome): Rejection | undefined {
  if (outcome.kind === 'gone') {
    return {
      reason: 'unreadable',
      message: 'The object was deleted or expired before it could be analysed: upload it again.',
    };
  }
  if (outcome.kind === 'replaced') {
    return {
      reason: 'unreadable',
      message:
        'The object was overwritten before it could be analysed; the new upload is analysed as a frame of its own. Upload each frame under its own key.',
    };
  }
  const { head } = outcome;
  if (head.contentLength === 0) {
    return { reason: 'not-an-image', message: 'The object is empty: upload a JPEG or PNG image.' };
  }
  if (head.contentLength > MAX_S3_IMAGE_BYTES) {
    return {
      reason: 'too-large',
      message: `The object is ${(head.contentLength / 1024 / 1024).toFixed(1)} MB; Rekognition reads at most 15 MB from S3. Resize or recompress it.`,
    };
  }
  if (head.contentType && !IMAGE_TYPES.test(head.contentType.split(';')[0]?.trim() ?? '')) {
    return {
      reason: 'not-an-image',
      message: `The object's Content-Type is ${head.contentType}: upload a JPEG or PNG image.`,
    };
  }
  return undefined;
}

/**
 * The S3 path: each SQS message carries an S3 ObjectCreated event. Every object ends in a stored
 * result or a stored, tagged rejection; transient failures are reported as batch item failures
 * so that SQS redelivers them, and then dead-letters them.
 */
export function makeS3IngestHandler(deps: S3IngestDeps) {
  const known = deps.knownEquipment ?? EQUIPMENT_TYPES;
  async function frameRequest(record: S3EventRecord): Promise<FrameRequest & { found: boolean }> {
    const { versionId, eTag } = record.s3.object;
    // The version the event names: by id in a versioned bucket, else by ETag (If-Match).
    const address: ObjectAddress = {
      bucket: record.s3.bucket.name,
      key: decodeS3Key(record.s3.object.key),
      ...(versionId ? { versionId } : eTag ? { eTag } : {}),
    };
    const version = address.versionId ?? record.s3.object.eTag ?? record.s3.object.sequencer;
    const requestHash = `${address.bucket}/${address.key}#${version}`;
    const frameId = `s3-${createHash('sha256').update(requestHash).digest('hex').slice(0, 32)}`;
    const head = await deps.objects.head(address);
    const parsed = parseS3Metadata(head.kind === 'found' ? head.head.metadata : {});
    const metadata = 'metadata' in parsed ? parsed.metadata : {};
    const keyCamera = address.key.slice(INCOMING.length).split('/')[0] ?? '';
    const cameraId =
      metadata['camera-id'] ??
      (address.key.slice(INCOMING.length).includes('/') && CAMERA_ID_PATTERN.test(keyCamera)
        ? keyCamera
        : undefined);
    let rejection = precheck(head);
    if (!rejection && 'problem' in parsed) {
      rejection = { reason: 'bad-metadata', message: parsed.problem };
    }
    const unknown = unknownEquipment(metadata['required-equipment'] ?? [], known);
    if (!rejection && unknown) {
      rejection = {
        reason: 'bad-metadata',
        message: `Metadata "x-amz-meta-required-equipment": ${unknown.message}.`,
      };
    }
    if (!rejection && !cameraId) {
      rejection = {
        reason: 'bad-metadata',
        message:
          'No camera id: set metadata "x-amz-meta-camera-id", or upload under incoming/<cameraId>/.',
      };
    }
    const { context, alertOnIndeterminate } = frameContext(
      {
        frameId,
        cameraId: cameraId ?? 'unknown',
        ...(metadata.location ? { location: metadata.location } : {}),
        capturedAt: metadata['captured-at'] ?? new Date(record.eventTime).toISOString(),
        source: 's3',
        overrides: {
          requiredEquipment: metadata['required-equipment'],
          minConfidence: metadata['min-confidence'],
        },
      },
      deps.policies,
    );
    return {
      context,
      image: { s3: address },
      requestHash,
      alertOnIndeterminate,
      ...(rejection ? { rejection } : {}),
      found: head.kind === 'found',
    };
  }

  async function processObject(record: S3EventRecord): Promise<void> {
    const { found, ...request } = await frameRequest(record);
    const { frame, duplicate } = await deps.analyseFrame(request);
    // A gone or overwritten object cannot carry the tags: the stored rejection says it all.
    if (frame.status === 'rejected' && found && 's3' in request.image) {
      // Tagged on duplicates too: an earlier delivery may have failed between store and tag.
      await deps.objects.tag(request.image.s3, {
        'ppe-status': 'rejected',
        'ppe-reason': frame.rejection.reason,
      });
    }
    deps.log.info(duplicate ? 'Duplicate delivery: first outcome kept' : 'Frame processed', {
      frameId: frame.frameId,
      cameraId: frame.cameraId,
      status: frame.status,
      key: 's3' in request.image ? request.image.s3.key : undefined,
    });
  }

  async function processMessage(message: SQSRecord): Promise<void> {
    const event = JSON.parse(message.body) as { Event?: string; Records?: S3EventRecord[] };
    if (event.Event === 's3:TestEvent') return;
    if (!Array.isArray(event.Records)) throw new Error('The message is not an S3 event');
    for (const record of event.Records) {
      if (!record.eventName?.startsWith('ObjectCreated:')) continue;
      if (!decodeS3Key(record.s3.object.key).startsWith(INCOMING)) continue;
      await processObject(record);
    }
  }

  return async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    const failures: string[] = [];
    let backOff = false;
    for (const message of event.Records) {
      // Once Rekognition throttles past the client's retries, the rest of the batch waits too:
      // hammering a throttled quota only burns retries.
      if (backOff) {
        failures.push(message.messageId);
        continue;
      }
      try {
        await processMessage(message);
      } catch (error) {
        failures.push(message.messageId);
        backOff = error instanceof DetectorUnavailableError;
        deps.log.error('Frame not processed; SQS will redeliver it', {
          messageId: message.messageId,
          receiveCount: message.attributes.ApproximateReceiveCount,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
