import type { Notification } from '../domain/alert-message.js';
import type { Requirement } from '../domain/evaluate-persons.js';
import type { DetectionResponse, FrameResult } from '../domain/frame-result.js';
import type { FrameRejection } from '../domain/rejection.js';

/** The image to analyse: bytes on the API path, an S3 object on the S3 path (never downloaded). */
export type ImageSource =
  | { bytes: Uint8Array }
  | { s3: { bucket: string; key: string; versionId?: string } };

/** Runs DetectProtectiveEquipment with SummarizationAttributes. */
export interface Detector {
  detect(image: ImageSource, requirement: Requirement): Promise<DetectionResponse>;
}

/** A frame's stored outcome. */
export type StoredFrame = FrameResult | FrameRejection;

/** A held claim on a frame id: only its holder may store the outcome. */
export interface Claim {
  frameId: string;
  token: string;
  requestHash: string;
}

/** What a claim on a frame id found. */
export type ClaimOutcome =
  | { kind: 'claimed'; claim: Claim }
  | { kind: 'done'; frame: StoredFrame; sameRequest: boolean }
  | { kind: 'in-progress' };

/** What a claim records so that a retry can be told from a different request. */
export interface ClaimRequest {
  frameId: string;
  requestHash: string;
  leaseSeconds: number;
}

/**
 * The results table. A frame id is claimed before Rekognition is called, so that a retried or
 * duplicated delivery finds the first outcome instead of paying for a second call.
 */
export interface ResultsStore {
  claim(request: ClaimRequest): Promise<ClaimOutcome>;
  /** Stores the result and releases the claim; a frame that alerts is marked for the publisher. */
  saveResult(result: FrameResult, claim: Claim): Promise<void>;
  saveRejection(rejection: FrameRejection, claim: Claim): Promise<void>;
  /** Gives a claim up after a transient failure, so that the retry need not wait for the lease. */
  release(claim: Claim): Promise<void>;
  getFrame(frameId: string): Promise<StoredFrame | undefined>;
}

/** Publishes an alert or a digest; resolves to the message id. */
export interface AlertPublisher {
  publish(notification: Notification<unknown>): Promise<string>;
}
