import type { ResultsQueries, ViolationsCursor, ViolationsQuery } from './ports.js';

/** A person in violation as GET /violations lists them, with their current review or null. */
export function violationItem(item: Record<string, unknown>) {
  const review = item.review as Record<string, unknown> | undefined;
  return {
    frameId: item.frameId,
    personId: item.personId,
    cameraId: item.cameraId,
    ...(item.location !== undefined ? { location: item.location } : {}),
    capturedAt: item.capturedAt,
    missingEquipment: item.missingEquipment,
    confidence: item.confidence,
    boundingBox: item.boundingBox,
    review: review
      ? {
          disposition: review.disposition,
          reviewedBy: review.reviewedBy,
          reviewedAt: review.reviewedAt,
        }
      : null,
  };
}

/** A page of GET /violations and where the next one starts. */
export interface ViolationsResult {
  items: ReturnType<typeof violationItem>[];
  cursor?: ViolationsCursor;
}

/** Persons in violation across cameras, newest first, a page at a time. */
export function makeListViolations(queries: Pick<ResultsQueries, 'violations'>) {
  return async function listViolations(query: ViolationsQuery): Promise<ViolationsResult> {
    const page = await queries.violations(query);
    return {
      items: page.items.map(violationItem),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  };
}

/** The function that reads a page of violations. */
export type ListViolations = ReturnType<typeof makeListViolations>;
