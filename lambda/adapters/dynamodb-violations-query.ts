import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  ViolationKey,
  ViolationsCursor,
  ViolationsPage,
  ViolationsQuery,
} from '../core/ports.js';
import { sendPage } from './dynamodb-pages.js';

const FRAME_ID = /^[A-Za-z0-9-]{1,80}$/;
const CAMERA_ID = /^[A-Za-z0-9._-]{1,64}$/;
const PERSON_SK = /^PERSON#\d{2,3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Index queries one page may cost at most: a day each, and a few more for sparse filters. */
const MAX_QUERIES = 40;

/** The most index entries one filtered Query reads (about 400 KB of entries, under 1 MB). */
const MAX_FILTERED_READ = 1000;

/**
 * How many index entries the `n`th Query of a filtered page reads: four times the page to start
 * with (a dense match fills the page from one small read), doubling with each further Query, so
 * that a sparse filter takes a few round trips rather than dozens (measured in BENCHMARKS.md,
 * section 6). A Query's read cost is the entries read, filtered or not, so a sparse filter costs
 * the same either way.
 */
export function filteredReadSize(limit: number, n: number): number {
  return Math.min(MAX_FILTERED_READ, Math.max(limit * 4, 50) * 2 ** n);
}

/** The UTC days of [from, to), newest first. */
export function violationDays(from: string, to: string): string[] {
  const days: string[] = [];
  const first = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  for (let t = Date.parse(`${to.slice(0, 10)}T00:00:00Z`); t >= first; t -= DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    // `to` is exclusive: a `to` at midnight does not reach into its day.
    if (`${day}T00:00:00.000Z` < to) days.push(day);
  }
  return days;
}

/**
 * Whether a cursor can be one this API issued for this query: a day of the query's range and,
 * within it, the index key of a person in violation captured inside the range (and of the
 * filtered camera). A token is unsigned, so its cursor is checked before it reaches DynamoDB.
 */
export function isViolationsCursor(cursor: unknown, query: ViolationsQuery): boolean {
  if (typeof cursor !== 'object' || cursor === null) return false;
  const { day, key } = cursor as { day?: unknown; key?: unknown };
  if (
    typeof day !== 'string' ||
    !DAY.test(day) ||
    !violationDays(query.from, query.to).includes(day)
  ) {
    return false;
  }
  if (key === undefined) return true;
  if (typeof key !== 'object' || key === null) return false;
  const k = key as Record<string, unknown>;
  if (!['pk', 'sk', 'gsi2pk', 'gsi2sk'].every((name) => typeof k[name] === 'string')) return false;
  const { pk, sk, gsi2pk, gsi2sk } = k as ViolationKey;
  const frameId = pk.startsWith('FRAME#') ? pk.slice('FRAME#'.length) : '';
  const parts = gsi2sk.split('#');
  // <capturedAt>#<cameraId>#<frameId>#PERSON#<nn>
  if (parts.length !== 5) return false;
  const [capturedAt = '', cameraId = '', keyFrameId, person, nn] = parts;
  return (
    FRAME_ID.test(frameId) &&
    keyFrameId === frameId &&
    PERSON_SK.test(sk) &&
    `${person}#${nn}` === sk &&
    gsi2pk === `VIOLATIONS#${day}` &&
    CAMERA_ID.test(cameraId) &&
    (query.cameraId === undefined || cameraId === query.cameraId) &&
    !Number.isNaN(Date.parse(capturedAt)) &&
    capturedAt.slice(0, 10) === day &&
    capturedAt >= query.from &&
    capturedAt < query.to
  );
}

/** The filters of a violations query, as a FilterExpression over person records. */
function filterOf(query: ViolationsQuery) {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (query.cameraId) {
    conditions.push('cameraId = :camera');
    values[':camera'] = query.cameraId;
  }
  if (query.location) {
    conditions.push('begins_with(#location, :location)');
    names['#location'] = 'location';
    values[':location'] = query.location;
  }
  if (query.equipment) {
    conditions.push('contains(missingEquipment, :equipment)');
    values[':equipment'] = query.equipment;
  }
  if (query.review === 'unreviewed') {
    conditions.push('attribute_not_exists(#review)');
    names['#review'] = 'review';
  } else if (query.review) {
    conditions.push('#review.disposition = :disposition');
    names['#review'] = 'review';
    values[':disposition'] = query.review;
  }
  return { conditions, names, values };
}

const keyOf = (item: Record<string, unknown>): ViolationKey => ({
  pk: String(item.pk),
  sk: String(item.sk),
  gsi2pk: String(item.gsi2pk),
  gsi2sk: String(item.gsi2sk),
});

/**
 * GET /violations on the `violationsByDay` index: one Query per UTC day, newest day first, the
 * capture range as the key condition and the filters as a FilterExpression. A page stops at
 * `limit` persons or after {@link MAX_QUERIES} queries, whichever comes first, with a cursor
 * wherever more may follow.
 */
export function makeViolationsQuery(client: DynamoDBDocumentClient, tableName: string) {
  return async function violations(query: ViolationsQuery): Promise<ViolationsPage> {
    const days = violationDays(query.from, query.to);
    const firstDay = query.cursor ? days.indexOf(query.cursor.day) : 0;
    const filter = filterOf(query);
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined = query.cursor?.key;
    let queries = 0;
    for (let d = Math.max(0, firstDay); d < days.length; ) {
      const day = days[d] as string;
      if (queries === MAX_QUERIES || items.length >= query.limit) {
        return pageOf(items, query.limit, {
          day,
          ...(startKey ? { key: startKey as ViolationKey } : {}),
        });
      }
      const fromCursor = startKey !== undefined && startKey === query.cursor?.key;
      const output = await sendPage(
        client,
        new QueryCommand({
          TableName: tableName,
          IndexName: 'violationsByDay',
          KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :from AND :to',
          ...(filter.conditions.length > 0
            ? { FilterExpression: filter.conditions.join(' AND ') }
            : {}),
          ...(Object.keys(filter.names).length > 0
            ? { ExpressionAttributeNames: filter.names }
            : {}),
          ExpressionAttributeValues: {
            ':day': `VIOLATIONS#${day}`,
            ':from': query.from,
            // Keys are `<capturedAt>#...`: a bare `to` sorts before every key captured at `to`.
            ':to': query.to,
            ...filter.values,
          },
          ScanIndexForward: false,
          Limit:
            filter.conditions.length > 0
              ? filteredReadSize(query.limit, queries)
              : query.limit - items.length,
          ExclusiveStartKey: startKey,
        }),
        fromCursor,
      );
      queries++;
      items.push(...(output.Items ?? []));
      startKey = output.LastEvaluatedKey;
      if (!startKey) d++;
    }
    return pageOf(items, query.limit, undefined);
  };

  function pageOf(
    items: Record<string, unknown>[],
    limit: number,
    next: ViolationsCursor | undefined,
  ): ViolationsPage {
    if (items.length > limit) {
      const page = items.slice(0, limit);
      const last = page[page.length - 1] ?? {};
      return {
        items: page,
        cursor: { day: String(last.gsi2pk).slice('VIOLATIONS#'.length), key: keyOf(last) },
      };
    }
    return next ? { items, cursor: next } : { items };
  }
}
