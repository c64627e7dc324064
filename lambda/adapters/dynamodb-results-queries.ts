import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ResultsQueries, TimelineCursor } from '../core/ports.js';
import type { HourStats } from '../domain/compliance-report.js';
import { EQUIPMENT_TYPE_PATTERN } from '../domain/equipment.js';
import { CAMERAS_PARTITION, fromCameraItem } from './camera-items.js';
import { withStoreErrors } from './dynamodb-errors.js';
import { queryAll, sendPage } from './dynamodb-pages.js';
import { makeViolationsQuery } from './dynamodb-violations-query.js';
import { RESULTS_TABLE_SCHEMA } from './results-table-schema.js';
import { falsePositiveCounter, MISSING_PREFIX } from './stats-items.js';

const FRAME_ID = /^[A-Za-z0-9-]{1,80}$/;

/**
 * Whether a cursor is the key of one of this camera's frame records inside the query's time
 * range: the only start keys a timeline page can have. A token is a plain, unsigned encoding,
 * so its cursor is checked before it reaches DynamoDB.
 */
export function isTimelineCursor(
  cursor: TimelineCursor,
  query: { cameraId: string; from?: string; to?: string },
): boolean {
  const frameId = cursor.pk.startsWith('FRAME#') ? cursor.pk.slice('FRAME#'.length) : '';
  const capturedAt = cursor.gsi1sk.slice(0, -(frameId.length + 1));
  return (
    FRAME_ID.test(frameId) &&
    cursor.sk === 'FRAME' &&
    cursor.gsi1pk === `CAMERA#${query.cameraId}` &&
    cursor.gsi1sk.endsWith(`#${frameId}`) &&
    !Number.isNaN(Date.parse(capturedAt)) &&
    cursor.gsi1sk >= (query.from ?? '0') &&
    cursor.gsi1sk <= (query.to ?? '~')
  );
}

/** Index pages read per timeline request at most, so that a rare status cannot cost a scan. */
const MAX_PAGES = 10;
const STATS_QUERY_CONCURRENCY = 8;

const cursorOf = (item: Record<string, unknown>): TimelineCursor => ({
  pk: String(item.pk),
  sk: String(item.sk),
  gsi1pk: String(item.gsi1pk),
  gsi1sk: String(item.gsi1sk),
});

/** The per-type counters of an hour's item (built-in and custom types alike), by type. */
function countersByType(item: Record<string, unknown>, prefix: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(item)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), Number(value ?? 0)] as const)
      .filter(([type, n]) => EQUIPMENT_TYPE_PATTERN.test(type) && n !== 0),
  );
}

function toHourStats(item: Record<string, unknown>): HourStats {
  const count = (name: string) => Number(item[name] ?? 0);
  return {
    hour: String(item.hour),
    cameraId: String(item.cameraId),
    location: String(item.location ?? ''),
    frames: count('frames'),
    rejected: count('rejected'),
    persons: count('persons'),
    compliant: count('compliant'),
    violations: count('violations'),
    indeterminate: count('indeterminate'),
    falsePositives: count('falsePositives'),
    violationsByEquipment: countersByType(item, MISSING_PREFIX),
    falsePositivesByEquipment: countersByType(item, falsePositiveCounter('')),
  };
}

/** The UTC days that hours in [fromHour, toHour) fall on. */
function daysBetween(fromHour: string, toHour: string): string[] {
  const days: string[] = [];
  const last = new Date(`${toHour}:00:00Z`).getTime() - 1;
  for (let t = Date.parse(`${fromHour.slice(0, 10)}T00:00:00Z`); t <= last; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Timelines from the `byCamera` index, violations from the `violationsByDay` index, the camera
 * list from the `CAMERAS` partition, reports from the hourly `STATS#<day>` items.
 */
export function makeDynamoDbResultsQueries(
  client: DynamoDBDocumentClient,
  tableName: string,
): ResultsQueries {
  return withStoreErrors({
    async cameraFrames({ cameraId, from, to, status, limit, cursor }) {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined = cursor;
      for (let page = 0; page < MAX_PAGES && items.length < limit; page++) {
        const output = await sendPage(
          client,
          new QueryCommand({
            TableName: tableName,
            IndexName: 'byCamera',
            KeyConditionExpression: 'gsi1pk = :camera AND gsi1sk BETWEEN :from AND :to',
            ...(status
              ? {
                  FilterExpression: '#status = :status',
                  ExpressionAttributeNames: { '#status': 'status' },
                }
              : {}),
            ExpressionAttributeValues: {
              ':camera': `CAMERA#${cameraId}`,
              ':from': from ?? '0',
              // Keys are `<capturedAt>#<frameId>`: a bare `to` sorts before every key at that time.
              ':to': to ?? '~',
              ...(status ? { ':status': status } : {}),
            },
            ScanIndexForward: false,
            Limit: status ? Math.max(limit * 4, 50) : limit - items.length,
            ExclusiveStartKey: startKey,
          }),
          page === 0 && cursor !== undefined,
        );
        items.push(...(output.Items ?? []));
        startKey = output.LastEvaluatedKey;
        if (!startKey) break;
      }
      if (items.length > limit) {
        const page = items.slice(0, limit);
        return { items: page, cursor: cursorOf(page[page.length - 1] ?? {}) };
      }
      return startKey ? { items, cursor: cursorOf(startKey) } : { items };
    },

    violations: makeViolationsQuery(client, tableName),

    async cameras() {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: `${RESULTS_TABLE_SCHEMA.partitionKey} = :cameras`,
        ExpressionAttributeValues: { ':cameras': CAMERAS_PARTITION },
      });
      return items.map(fromCameraItem);
    },

    async hourStats(fromHour, toHour) {
      const days = daysBetween(fromHour, toHour);
      const results: Record<string, unknown>[][] = [];
      for (let i = 0; i < days.length; i += STATS_QUERY_CONCURRENCY) {
        const chunk = days.slice(i, i + STATS_QUERY_CONCURRENCY);
        results.push(
          ...(await Promise.all(
            chunk.map((day) =>
              queryAll(client, {
                TableName: tableName,
                KeyConditionExpression: `${RESULTS_TABLE_SCHEMA.partitionKey} = :day AND ${RESULTS_TABLE_SCHEMA.sortKey} BETWEEN :from AND :to`,
                ExpressionAttributeValues: {
                  ':day': `STATS#${day}`,
                  ':from': fromHour,
                  ':to': toHour,
                },
              }),
            ),
          )),
        );
      }
      return results.flat().map(toHourStats);
    },
  });
}
