import type { CustomEquipment } from '../domain/custom-equipment.js';
import type { FrameContext, FrameResult } from '../domain/frame-result.js';
import { buildFrameResult } from '../domain/frame-result.js';
import type { FrameRejection, RejectionReason } from '../domain/rejection.js';
import { FrameInProgressError, ImageRejectedError } from './errors.js';
import { type FrameMetrics, noMetrics } from './frame-metrics.js';
import type {
  Claim,
  Detector,
  ImageKeeper,
  ImageSource,
  ResultsStore,
  StoredFrame,
  StoredImage,
} from './ports.js';

/** What the core needs; module scope wires the real adapters, tests pass fakes. */
export interface AnalyseFrameDeps {
  detector: Detector;
  store: ResultsStore;
  /**
   * Keeps API-path images for the console, written while the detector runs. Without it, or when
   * the write fails, the result is stored without an image: the analysis is never lost for it.
   */
  images?: ImageKeeper;
  metrics?: FrameMetrics;
  /** The custom equipment types and the Custom Labels models that detect them. @default none */
  customEquipment?: readonly CustomEquipment[];
  /** How long a claim holds before another delivery may take over. @default 120 */
  leaseSeconds?: number;
  /** For warnings the caller's logs should carry. */
  warn?: (message: string, details: Record<string, unknown>) => void;
}

/** One frame to analyse. */
export interface FrameRequest {
  context: FrameContext;
  image: ImageSource;
  /** Tells a retry of this request from a different request that reuses the frame id. */
  requestHash: string;
  /** Whether an indeterminate person raises an alert, by the frame's policy. */
  alertOnIndeterminate: boolean;
  /** Set when the adapter already knows the frame cannot be analysed (bad metadata, say). */
  rejection?: { reason: RejectionReason; message: string };
}

/** The outcome: the stored frame, and whether an earlier delivery had already produced it. */
export interface AnalyseOutcome {
  frame: StoredFrame;
  duplicate: boolean;
}

/** A request reused a frame id (an Idempotency-Key) with different content. */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  constructor(readonly frameId: string) {
    super(`Frame ${frameId} was already stored for a different request.`);
  }
}

/**
 * Analyses one frame, once: claims its id, runs the detector, judges every person and stores the
 * result (or the rejection). A duplicate delivery gets the first outcome back without a second
 * detector call, record or alert. Transient detector failures release the claim and throw, so
 * that the caller's retry (API client, SQS redelivery) can try again.
 */
export function makeAnalyseFrame(deps: AnalyseFrameDeps) {
  const metrics = deps.metrics ?? noMetrics;
  const leaseSeconds = deps.leaseSeconds ?? 120;

  async function reject(
    context: FrameContext,
    claim: Claim,
    reason: RejectionReason,
    message: string,
  ): Promise<FrameRejection> {
    const { requiredEquipment: _r, minConfidence: _m, policy: _p, ...frame } = context;
    const rejection: FrameRejection = {
      ...frame,
      status: 'rejected',
      rejection: { reason, message },
    };
    await deps.store.saveRejection(rejection, claim);
    metrics.rejection(reason);
    return rejection;
  }

  /** Where the image will be: the upload itself on the S3 path; on the API path, a copy. */
  function keepImage(request: FrameRequest): Promise<StoredImage | undefined> {
    const { image } = request;
    if ('s3' in image) return Promise.resolve({ ...image.s3 });
    if (!deps.images) return Promise.resolve(undefined);
    const { frameId } = request.context;
    return deps.images.keep(frameId, image.bytes).catch((error: unknown) => {
      metrics.count('ImageWriteFailures', 1);
      deps.warn?.('The frame image could not be kept; the result is stored without it', {
        frameId,
        error: (error as Error).message,
      });
      return undefined;
    });
  }

  async function detectAndStore(request: FrameRequest, claim: Claim): Promise<FrameResult> {
    const started = performance.now();
    // In parallel with the detector, so that keeping the image adds no latency; a failed write
    // only costs the image, never the result or a second detector call.
    const kept = keepImage(request);
    const response = await deps.detector.detect(request.image, request.context);
    metrics.detectorLatency(performance.now() - started);
    const notRunning = (response.customLabels ?? []).filter((outcome) => 'notRunning' in outcome);
    if (notRunning.length > 0) {
      metrics.count('CustomModelNotReady', notRunning.length);
      deps.warn?.('A Custom Labels model is not running; its equipment is uncertain for everyone', {
        frameId: request.context.frameId,
        projectVersionArns: notRunning.map((outcome) => outcome.projectVersionArn),
      });
    }
    const { result, disagreements } = buildFrameResult(
      request.context,
      response,
      request.alertOnIndeterminate,
      deps.customEquipment,
    );
    if (disagreements.length > 0) {
      metrics.count('SummaryDisagreements', disagreements.length);
      deps.warn?.('Verdict rules disagreed with the Rekognition Summary; the Summary wins', {
        frameId: result.frameId,
        personIds: disagreements,
      });
    }
    const image = await kept;
    await deps.store.saveResult(result, claim, image);
    metrics.count('Frames', 1);
    metrics.count('Persons', result.persons.length);
    metrics.count('Violations', result.summary.personsWithoutRequiredEquipment.length);
    metrics.count('Indeterminate', result.summary.personsIndeterminate.length);
    return result;
  }

  return async function analyseFrame(request: FrameRequest): Promise<AnalyseOutcome> {
    const { frameId } = request.context;
    const outcome = await deps.store.claim({
      frameId,
      requestHash: request.requestHash,
      leaseSeconds,
    });
    if (outcome.kind === 'in-progress') throw new FrameInProgressError(frameId);
    if (outcome.kind === 'done') {
      if (!outcome.sameRequest) throw new IdempotencyConflictError(frameId);
      metrics.count('DuplicateDeliveries', 1);
      return { frame: outcome.frame, duplicate: true };
    }
    const { claim } = outcome;
    if (request.rejection) {
      const { reason, message } = request.rejection;
      return { frame: await reject(request.context, claim, reason, message), duplicate: false };
    }
    try {
      return { frame: await detectAndStore(request, claim), duplicate: false };
    } catch (error) {
      if (error instanceof ImageRejectedError) {
        const frame = await reject(request.context, claim, error.reason, error.message);
        return { frame, duplicate: false };
      }
      await deps.store.release(claim).catch(() => {
        // The lease expires on its own; the original error is the one to report.
      });
      throw error;
    }
  };
}

/** The function that analyses a frame. */
export type AnalyseFrame = ReturnType<typeof makeAnalyseFrame>;
