import type { RejectionReason } from '../domain/rejection.js';

/** Counters that operators watch; see the README's metrics table. */
export type FrameCounter =
  | 'Frames'
  | 'Persons'
  | 'Violations'
  | 'Indeterminate'
  | 'DuplicateDeliveries'
  | 'SummaryDisagreements'
  | 'ImageWriteFailures'
  | 'CustomModelNotReady'
  | 'CameraListUpdateFailures';

/** Where the core reports what it did, so dashboards need no log parsing. */
export interface FrameMetrics {
  count(name: FrameCounter, value: number): void;
  rejection(reason: RejectionReason): void;
  detectorLatency(milliseconds: number): void;
}

/** Metrics that go nowhere, for callers that do not report any. */
export const noMetrics: FrameMetrics = {
  count: () => {},
  rejection: () => {},
  detectorLatency: () => {},
};
