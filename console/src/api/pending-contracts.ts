/**
 * Shapes of the routes helpers A and B build in parallel (CONSOLE-CONTRACT.md), declared here
 * because their zod schemas are not on this branch yet. The coordinator replaces this file by
 * `z.infer` of those schemas at merge; nothing else in the console declares API shapes by hand.
 */
import type { EquipmentType } from '../../../lambda/domain/equipment.js';
import type { BoundingBox } from './contracts.js';

/** A disposition a reviewer gives a person in violation. */
export type Disposition = 'confirmed' | 'false-positive' | 'inconclusive';

/** The current review of a person (`null` when nobody reviewed it yet). */
export interface PersonReview {
  disposition: Disposition;
  reviewedBy: string;
  reviewedAt: string;
  comment?: string;
}

/** One item of GET /violations (A). */
export interface ViolationItem {
  frameId: string;
  personId: number;
  cameraId: string;
  location?: string;
  capturedAt: string;
  missingEquipment: EquipmentType[];
  confidence: number;
  boundingBox: BoundingBox;
  review: PersonReview | null;
}

/** The answer of GET /violations (A). */
export interface ViolationsPage {
  items: ViolationItem[];
  nextToken?: string;
}

/** One item of GET /cameras (A). */
export interface CameraItem {
  cameraId: string;
  location?: string;
  lastFrame: {
    frameId: string;
    capturedAt: string;
    status: 'violation' | 'indeterminate' | 'compliant' | 'empty' | 'rejected';
    personsTotal: number;
    missingEquipment: EquipmentType[];
  };
}

/** The answer of GET /cameras (A). */
export interface CamerasList {
  items: CameraItem[];
}

/** The body of PUT /frames/{frameId}/persons/{personId}/review (A). */
export interface ReviewRequest {
  disposition: Disposition;
  comment?: string;
}

/** The answer of PUT /frames/{frameId}/persons/{personId}/review (A). */
export interface ReviewAnswer extends PersonReview {
  frameId: string;
  personId: number;
}

/** The answer of GET /frames/{frameId}/image (B). */
export interface FrameImage {
  url: string;
  expiresAt: string;
  variant: 'blurred' | 'original';
  width: number;
  height: number;
}

/** A's additive field on each report bucket and total: persons marked false-positive. */
export interface FalsePositiveCount {
  falsePositives?: number;
}
