import type { FrameSource } from './frame-result.js';

/** Why a frame was not analysed: stored, tagged on the object, and counted by reason. */
export const REJECTION_REASONS = [
  'not-an-image',
  'too-large',
  'bad-dimensions',
  'unreadable',
  'bad-metadata',
  'rejected-by-rekognition',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** A frame that ends without a result, with the reason and what to do about it. */
export interface FrameRejection {
  frameId: string;
  cameraId: string;
  location?: string;
  capturedAt: string;
  source: FrameSource;
  status: 'rejected';
  rejection: { reason: RejectionReason; message: string };
}
