import { StoreUnavailableError } from './errors.js';
import type { Disposition, ReviewEntry, ReviewStore } from './ports.js';

/** A review as the route receives it. */
export interface ReviewRequest {
  frameId: string;
  personId: number;
  disposition: Disposition;
  comment?: string;
  reviewedBy: string;
}

/** What recording a review came to. */
export type ReviewOutcome =
  | { kind: 'recorded'; entry: ReviewEntry }
  | { kind: 'frame-not-found' }
  | { kind: 'person-not-found' }
  | { kind: 'not-a-violation'; status: string };

/** Reviews that may race for one person before the use case gives up. */
const MAX_RACES = 5;

/** How a change from one disposition to another moves the false-positive counters. */
export function falsePositiveDelta(
  before: Disposition | undefined,
  after: Disposition,
): 1 | -1 | 0 {
  const was = before === 'false-positive';
  const is = after === 'false-positive';
  if (was === is) return 0;
  return is ? 1 : -1;
}

/**
 * Records a review of a person in violation: the person's current review, an entry in the
 * frame's append-only trail and the hour's false-positive counters change together, against the
 * review read first, so that concurrent reviews neither lose an entry nor count a false positive
 * twice; the same disposition again adds a trail entry and moves no counter.
 */
export function makeRecordReview(deps: { store: ReviewStore; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return async function recordReview(request: ReviewRequest): Promise<ReviewOutcome> {
    for (let race = 0; ; race++) {
      const lookup = await deps.store.person(request.frameId, request.personId);
      if (lookup.kind !== 'found') return lookup;
      const { person } = lookup;
      if (person.status !== 'violation') return { kind: 'not-a-violation', status: person.status };
      const entry: ReviewEntry = {
        personId: request.personId,
        disposition: request.disposition,
        ...(request.comment !== undefined ? { comment: request.comment } : {}),
        reviewedBy: request.reviewedBy,
        reviewedAt: now().toISOString(),
      };
      const outcome = await deps.store.record({
        person,
        entry,
        falsePositiveDelta: falsePositiveDelta(person.review?.disposition, request.disposition),
      });
      if (outcome === 'recorded') return { kind: 'recorded', entry };
      if (outcome === 'not-a-violation') {
        return { kind: 'not-a-violation', status: person.status };
      }
      if (race + 1 >= MAX_RACES) {
        throw new StoreUnavailableError(
          `The review of person ${request.personId} of frame ${request.frameId} lost ${MAX_RACES} races to concurrent reviews`,
          false,
        );
      }
    }
  };
}

/** The function that records a review. */
export type RecordReview = ReturnType<typeof makeRecordReview>;
