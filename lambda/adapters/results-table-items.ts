import type { StoredFrame, StoredImage } from '../core/ports.js';
import type { FrameResult, PersonResult } from '../domain/frame-result.js';
import type { FrameRejection } from '../domain/rejection.js';

/**
 * The single-table layout of the results table (see README, "Data model"):
 * - frame record:  pk `FRAME#<frameId>`, sk `FRAME`; on GSI `byCamera` as
 *   `CAMERA#<cameraId>` / `<capturedAt>#<frameId>`;
 * - person record: pk `FRAME#<frameId>`, sk `PERSON#<nn>`; a violation is also on GSI
 *   `violationsByDay` as `VIOLATIONS#<yyyy-mm-dd>` / `<capturedAt>#<cameraId>#<frameId>#PERSON#<nn>`;
 *   a reviewed one carries its current `review` and `reviewCount`;
 * - review trail: pk `FRAME#<frameId>`, sk `REVIEW#<reviewedAt>#<nn>#<random>`, append-only.
 */
export const frameKey = (frameId: string) => ({ pk: `FRAME#${frameId}`, sk: 'FRAME' });

/** The compact person the frame record carries, enough for the alert without another read. */
export type CompactPerson = Omit<PersonResult, 'bodyParts' | 'customLabels'>;

/** A stored frame record, as the DynamoDB document client reads it. */
export type FrameItem = { pk: string; sk: string; state: 'PROCESSING' | 'DONE' } & Record<
  string,
  unknown
>;

/** The sort key prefix of the records of original-image views in a frame's trail. */
export const ACCESS_PREFIX = 'ACCESS#';

/** A person record's sort key. */
export const personSortKey = (personId: number) => `PERSON#${String(personId).padStart(2, '0')}`;

/** The sort keys of person records and of a frame's review trail, beside the frame record. */
export const PERSON_PREFIX = 'PERSON#';
export const REVIEW_PREFIX = 'REVIEW#';

/** The frame record for a result or a rejection, and where the frame's image is kept. */
export function toFrameItem(
  frame: StoredFrame,
  requestHash: string,
  expiresAt: number,
  image?: StoredImage,
) {
  const { persons, ...fields } = 'persons' in frame ? frame : { ...frame, persons: undefined };
  return {
    ...frameKey(frame.frameId),
    state: 'DONE',
    requestHash,
    expiresAt,
    gsi1pk: `CAMERA#${frame.cameraId}`,
    gsi1sk: `${frame.capturedAt}#${frame.frameId}`,
    ...fields,
    ...(persons
      ? { persons: persons.map(({ bodyParts: _b, customLabels: _c, ...compact }) => compact) }
      : {}),
    ...('alert' in frame && frame.alert ? { alertState: 'PENDING' } : {}),
    ...(image ? { image } : {}),
  };
}

/** One record per person, with the frame's identity so that the record stands on its own. */
export function toPersonItems(result: FrameResult, expiresAt: number) {
  const day = result.capturedAt.slice(0, 10);
  return result.persons.map((person) => ({
    pk: `FRAME#${result.frameId}`,
    sk: personSortKey(person.personId),
    frameId: result.frameId,
    cameraId: result.cameraId,
    ...(result.location ? { location: result.location } : {}),
    capturedAt: result.capturedAt,
    expiresAt,
    ...person,
    ...(person.status === 'violation'
      ? {
          gsi2pk: `VIOLATIONS#${day}`,
          gsi2sk: `${result.capturedAt}#${result.cameraId}#${result.frameId}#${personSortKey(person.personId)}`,
        }
      : {}),
  }));
}

const INTERNAL = new Set([
  'pk',
  'sk',
  'state',
  'requestHash',
  'expiresAt',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'alertState',
  'reviewCount',
  'alertMessageId',
  'alertPublishedAt',
  'alertHeldBack',
  'claimToken',
  'leaseUntil',
  'frameId',
  'cameraId',
  'location',
  'capturedAt',
  // Where the image is kept: the image routes read it, and answer a presigned URL instead.
  'image',
]);

function publicFields(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !INTERNAL.has(key)));
}

/**
 * Rebuilds the stored frame, in the POST response's shape, from the items under its key: the
 * frame record and its person records, each with its current review (null when none) unless
 * `reviews` is false (a retried POST gets the first answer back, which had none); trail items
 * are not persons and are left out.
 */
export function fromItems(
  frameItem: Record<string, unknown>,
  personItems: readonly Record<string, unknown>[],
  options: { reviews: boolean } = { reviews: true },
): StoredFrame {
  const { frameId, cameraId, location, capturedAt } = frameItem;
  const identity = { frameId, cameraId, ...(location ? { location } : {}), capturedAt };
  if (frameItem.status === 'rejected') {
    return { ...identity, ...publicFields(frameItem) } as FrameRejection;
  }
  const persons = personItems
    .filter((item) => String(item.sk).startsWith(PERSON_PREFIX))
    .sort((a, b) => Number(a.personId) - Number(b.personId))
    .map((item) => {
      const { review, ...person } = publicFields(item);
      return (options.reviews
        ? { ...person, review: review ?? null }
        : person) as unknown as PersonResult;
    });
  return { ...identity, ...publicFields(frameItem), persons } as FrameResult;
}

/** Rebuilds the frame result an alert is made from, from a frame record alone. */
export function fromFrameItem(frameItem: Record<string, unknown>): FrameResult {
  const { frameId, cameraId, location, capturedAt } = frameItem;
  const identity = { frameId, cameraId, ...(location ? { location } : {}), capturedAt };
  return { ...identity, ...publicFields(frameItem) } as FrameResult;
}
