import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type {
  DetectCustomLabelsRequest,
  DetectProtectiveEquipmentRequest,
  DetectProtectiveEquipmentResponse,
} from '@aws-sdk/client-rekognition';
import { PROJECT_VERSION_ARN_PATTERN } from '../lambda/schemas/custom-equipment.js';
import { makeCallRateLimit } from './call-rate-limit.js';
import { close, listen, readBody } from './http-io.js';
import { type ReplayError, replayCustomLabels, replayDetection } from './replay-recordings.js';

/** How the replay stand-in of Rekognition behaves. */
export interface ReplayDetectorOptions {
  /** Where the recordings are: one `<sha256 of the image bytes>.json` per image. */
  replayDir: string;
  /** Calls per second before it answers ThrottlingException, like a TPS quota. @default no limit */
  callsPerSecond?: number;
  /** Least time, in ms, from a request to its answer, as Rekognition takes to analyse. @default 0 */
  latencyMs?: number;
  /** The answer for an image without its own recording (PPE_REPLAY_FALLBACK). @default none */
  fallback?: DetectProtectiveEquipmentResponse;
  /** Reads an object's bytes for `Image.S3Object`; undefined when there is no such object. */
  readS3Object: (bucket: string, key: string) => Promise<Uint8Array | undefined>;
  /** Told about every image that has no recording, so that the console can say what to do. */
  onMissingRecording?: (message: string) => void;
  /**
   * Custom Labels model versions that are not running: DetectCustomLabels answers them
   * ResourceNotReadyException, as Rekognition does before StartProjectVersion. `all` stops every
   * model. @default none: every model runs
   */
  stoppedModels?: readonly string[];
}

/** What the stand-in did so far. */
export interface ReplayDetectorStats {
  calls: number;
  answered: number;
  throttled: number;
  errors: number;
}

/** A running replay detector. */
export interface ReplayDetector {
  url: string;
  stats(): ReplayDetectorStats;
  /** Changes the quota from now on; undefined lifts it. */
  setCallsPerSecond(callsPerSecond: number | undefined): void;
  /** While true, every call gets InternalServerError, as in an outage. */
  setUnavailable(unavailable: boolean): void;
  /** The Custom Labels models that are not running from now on (`all`: every one). */
  setStoppedModels(models: readonly string[]): void;
  close(): Promise<void>;
}

const TARGET = 'RekognitionService.DetectProtectiveEquipment';
const CUSTOM_LABELS_TARGET = 'RekognitionService.DetectCustomLabels';
/** Rekognition takes at most 5 MB of image bytes in a request; base64 makes that ~7 MB. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

/** Error statuses as Rekognition's model declares them (ThrottlingException is a server fault). */
const STATUS: Record<string, number> = {
  ThrottlingException: 500,
  InternalServerError: 500,
};

const sleep = (ms: number) =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/** Writes an awsJson1_1 error, so that the SDK raises it under the Rekognition error's name. */
function sendError(response: ServerResponse, { type, message }: ReplayError): void {
  const body = JSON.stringify({ __type: type, Code: type, Message: message, Logref: randomUUID() });
  response.writeHead(STATUS[type] ?? 400, {
    'Content-Type': 'application/x-amz-json-1.1',
    'x-amzn-ErrorType': type,
    'x-amzn-RequestId': randomUUID(),
  });
  response.end(body);
}

async function imageBytes(
  request: DetectProtectiveEquipmentRequest | DetectCustomLabelsRequest,
  options: ReplayDetectorOptions,
): Promise<Uint8Array | ReplayError> {
  const image = request.Image as { Bytes?: string; S3Object?: { Bucket?: string; Name?: string } };
  if (typeof image?.Bytes === 'string') return Buffer.from(image.Bytes, 'base64');
  const { Bucket, Name } = image?.S3Object ?? {};
  if (Bucket && Name) {
    const bytes = await options.readS3Object(Bucket, Name);
    return (
      bytes ?? {
        type: 'InvalidS3ObjectException',
        message:
          'Unable to get object metadata from S3. Check object key, region and/or access permissions.',
      }
    );
  }
  return { type: 'InvalidParameterException', message: 'Request has invalid parameters' };
}

/** What DetectCustomLabels refuses before it looks at the image, as Rekognition does. */
function customLabelsProblem(
  request: DetectCustomLabelsRequest,
  stoppedModels: readonly string[],
): ReplayError | undefined {
  const arn = request.ProjectVersionArn;
  if (typeof arn !== 'string' || !PROJECT_VERSION_ARN_PATTERN.test(arn)) {
    return {
      type: 'InvalidParameterException',
      message: 'ProjectVersionArn is not the ARN of a Custom Labels model version.',
    };
  }
  const min = request.MinConfidence;
  if (min !== undefined && (typeof min !== 'number' || min < 0 || min > 100)) {
    return { type: 'InvalidParameterException', message: 'MinConfidence must be 0 to 100.' };
  }
  if (stoppedModels.includes('all') || stoppedModels.includes(arn)) {
    return {
      type: 'ResourceNotReadyException',
      message: `The model version ${arn} is not running: start it with StartProjectVersion.`,
    };
  }
  return undefined;
}

/**
 * Starts the replay stand-in of Rekognition: DetectProtectiveEquipment and DetectCustomLabels
 * over the awsJson1_1 protocol, answered from recorded responses (the PPE Summary recomputed for
 * the request, Custom Labels filtered by its MinConfidence).
 */
export async function startReplayDetector(options: ReplayDetectorOptions): Promise<ReplayDetector> {
  let quota = makeCallRateLimit(options.callsPerSecond);
  const stats: ReplayDetectorStats = { calls: 0, answered: 0, throttled: 0, errors: 0 };
  let unavailable = false;
  let stoppedModels: readonly string[] = options.stoppedModels ?? [];

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    stats.calls += 1;
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || (target !== TARGET && target !== CUSTOM_LABELS_TARGET)) {
      stats.errors += 1;
      sendError(response, {
        type: 'UnknownOperationException',
        message: `This stand-in answers only ${TARGET} and ${CUSTOM_LABELS_TARGET}.`,
      });
      return;
    }
    const body = await readBody(request, MAX_REQUEST_BYTES);
    if (unavailable) {
      stats.errors += 1;
      sendError(response, { type: 'InternalServerError', message: 'Internal server error' });
      return;
    }
    if (!quota.tryTake()) {
      stats.throttled += 1;
      sendError(response, { type: 'ThrottlingException', message: 'Rate exceeded' });
      return;
    }
    let parsed: DetectProtectiveEquipmentRequest & DetectCustomLabelsRequest;
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
    } catch {
      stats.errors += 1;
      sendError(response, { type: 'SerializationException', message: 'The body is not JSON.' });
      return;
    }
    const refused = target === CUSTOM_LABELS_TARGET && customLabelsProblem(parsed, stoppedModels);
    const bytes = refused || (await imageBytes(parsed, options));
    const outcome = !(bytes instanceof Uint8Array)
      ? { error: bytes }
      : target === CUSTOM_LABELS_TARGET
        ? await replayCustomLabels(
            options.replayDir,
            bytes,
            parsed.ProjectVersionArn ?? '',
            parsed.MinConfidence,
            options.fallback !== undefined,
          )
        : await replayDetection(
            options.replayDir,
            bytes,
            parsed.SummarizationAttributes,
            options.fallback,
          );
    if ('error' in outcome) {
      stats.errors += 1;
      if ('missingRecording' in outcome && outcome.missingRecording) {
        options.onMissingRecording?.(outcome.error.message);
      }
      sendError(response, outcome.error);
      return;
    }
    // Throttles and errors answer at once; an analysis takes its time.
    await sleep(receivedAt + (options.latencyMs ?? 0) - Date.now());
    stats.answered += 1;
    const text = JSON.stringify(outcome.response);
    response.writeHead(200, {
      'Content-Type': 'application/x-amz-json-1.1',
      'x-amzn-RequestId': randomUUID(),
    });
    response.end(text);
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      stats.errors += 1;
      if (!response.headersSent) {
        sendError(response, { type: 'InternalServerError', message: String(error) });
      }
    });
  });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ ...stats }),
    setCallsPerSecond(callsPerSecond) {
      quota = makeCallRateLimit(callsPerSecond);
    },
    setUnavailable(value) {
      unavailable = value;
    },
    setStoppedModels(models) {
      stoppedModels = models;
    },
    close: () => close(server),
  };
}
