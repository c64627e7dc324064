/**
 * The API's shapes the console reads, inferred from the backend's zod schemas as types only
 * (`import type`): neither zod nor the schemas land in the bundle.
 */
import type * as z from 'zod';
import type { frameRequestSchema } from '../../../lambda/schemas/frame-request.js';
import type {
  boundingBoxSchema,
  frameResultSchema,
  personSchema,
  storedFrameSchema,
} from '../../../lambda/schemas/frame-result.js';
import type {
  cameraFramesSchema,
  complianceReportSchema,
  reportCountsSchema,
} from '../../../lambda/schemas/read-responses.js';
import type { FalsePositiveCount, PersonReview } from './route-contracts.js';

/** A box as ratios of the image size. */
export type BoundingBox = z.infer<typeof boundingBoxSchema>;
/** A person of a stored result, with its current review. */
export type Person = z.infer<typeof personSchema> & { review?: PersonReview | null };
/** The answer of POST /frames. */
export type FrameResult = Omit<z.infer<typeof frameResultSchema>, 'persons'> & {
  persons: Person[];
};
/** The answer of GET /frames/{frameId}: a result or a rejection. */
export type StoredFrame =
  | FrameResult
  | Exclude<z.infer<typeof storedFrameSchema>, { persons: unknown }>;
/** The body of POST /frames. */
export type FrameRequest = z.input<typeof frameRequestSchema>;
/** One page of GET /cameras/{cameraId}/frames. */
export type CameraFrames = z.infer<typeof cameraFramesSchema>;
/** Counts of a report bucket or total, false positives apart. */
export type ReportCounts = z.infer<typeof reportCountsSchema> & FalsePositiveCount;
type Report = z.infer<typeof complianceReportSchema>;
/** One bucket of a report group. */
export type ReportBucket = ReportCounts & { start: string };
/** One camera or location of a report. */
export type ReportGroup = { camera?: string; location?: string } & {
  buckets: ReportBucket[];
  total: ReportCounts;
};
/** The answer of GET /reports/compliance. */
export type ComplianceReport = Omit<Report, 'groups'> & { groups: ReportGroup[] };
/** The contract's error body. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}
