import type { ResultsQueries, TimelineCursor, TimelineQuery } from './ports.js';

/** A timeline entry: the frame's summary and what was missing, without per-person detail. */
export type TimelineItem = Record<string, unknown>;

/** A page of a camera's timeline, newest first, with where the next page starts. */
export interface TimelineResult {
  items: TimelineItem[];
  cursor?: TimelineCursor;
}

/** A stored frame record as a timeline entry: summary, person count, missing equipment. */
export function timelineItem(item: Record<string, unknown>): TimelineItem {
  const persons =
    (item.persons as { status: string; missingEquipment: string[] }[] | undefined) ?? [];
  const missing = new Set(
    persons.filter((p) => p.status === 'violation').flatMap((p) => p.missingEquipment),
  );
  const optional = (key: string) => (item[key] !== undefined ? { [key]: item[key] } : {});
  return {
    frameId: item.frameId,
    capturedAt: item.capturedAt,
    status: item.status,
    source: item.source,
    ...optional('location'),
    ...optional('policy'),
    ...optional('requiredEquipment'),
    ...optional('minConfidence'),
    ...optional('summary'),
    personsTotal: persons.length,
    missingEquipment: [...missing].sort(),
    ...optional('alert'),
    ...(item.alertState ? { alertState: String(item.alertState).toLowerCase() } : {}),
    ...optional('rejection'),
  };
}

/**
 * A camera's timeline: its frames in a time range (optionally of one status), newest first, a
 * page at a time, each as a {@link timelineItem} so that a page stays small.
 */
export function makeCameraTimeline(queries: Pick<ResultsQueries, 'cameraFrames'>) {
  return async function cameraTimeline(query: TimelineQuery): Promise<TimelineResult> {
    const page = await queries.cameraFrames(query);
    return {
      items: page.items.map(timelineItem),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  };
}

/** The function that reads a page of a camera's timeline. */
export type CameraTimeline = ReturnType<typeof makeCameraTimeline>;
