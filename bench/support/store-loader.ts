import { randomUUID } from 'node:crypto';
import { DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cameraUpdate } from '../../lambda/adapters/camera-items.js';
import { cameraKey } from '../../lambda/adapters/dynamodb-alert-ledger.js';
import { toFrameItem, toPersonItems } from '../../lambda/adapters/results-table-items.js';
import { frameCounts, STATS_VERSION, statsKey } from '../../lambda/adapters/stats-items.js';
import { alertCandidate } from '../../lambda/core/publish-alert.js';
import { type CameraAlertState, decideAlert } from '../../lambda/domain/alert-cooldown.js';
import type { FrameResult } from '../../lambda/domain/frame-result.js';

/** Days a result is kept, as `npm start` keeps them. */
const RETENTION_DAYS = 365;
const BATCH_LIMIT = 25;

type Item = Record<string, unknown>;

const expiryOf = (frame: FrameResult) =>
  Math.floor(Date.parse(frame.capturedAt) / 1000) + RETENTION_DAYS * 86_400;

/**
 * The items the pipeline leaves in the results table once these frames are committed and their
 * alerts published (cooldown 0, as `npm start` runs): per frame its person records (violations
 * on the `violationsByDay` index) and its frame record, alert SENT; per camera-hour the hourly
 * statistics with every frame's counts added; per camera its camera-list record (newest frame)
 * and its alert state. Built with the adapters' own item builders; one Put per item, where the
 * pipeline's ADD updates leave the same sums. No images: the violations view reads none.
 */
export function storeItems(frames: readonly FrameResult[], tableName: string): Item[] {
  const items: Item[] = [];
  const stats = new Map<string, Item>();
  const newest = new Map<string, FrameResult>();
  const alerts = new Map<string, CameraAlertState>();
  const byTime = [...frames].sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
  for (const frame of byTime) {
    const expiresAt = expiryOf(frame);
    items.push(...toPersonItems(frame, expiresAt));
    const record: Item = toFrameItem(frame, '', expiresAt);
    if (frame.alert) {
      const state = alerts.get(frame.cameraId);
      const decision = decideAlert(state, alertCandidate(frame), 0);
      if (decision.action !== 'publish') throw new Error('cooldown 0 always publishes');
      alerts.set(frame.cameraId, { version: (state?.version ?? 0) + 1, ...decision.next });
      Object.assign(record, {
        alertState: 'SENT',
        alertHeldBack: decision.heldBack,
        alertMessageId: randomUUID(),
        alertPublishedAt: new Date(Date.parse(frame.capturedAt) + 1000).toISOString(),
      });
    }
    items.push(record);
    const key = statsKey(frame);
    const hour: Item = stats.get(`${key.pk}|${key.sk}`) ?? {
      ...key,
      cameraId: frame.cameraId,
      location: frame.location ?? '',
      hour: `${frame.capturedAt.slice(0, 13)}:00:00.000Z`,
    };
    hour.expiresAt = expiresAt;
    // Each frame's update adds one to the item's version, which the analytics export orders by.
    hour[STATS_VERSION] = Number(hour[STATS_VERSION] ?? 0) + 1;
    for (const [name, value] of Object.entries(frameCounts(frame))) {
      if (value) hour[name] = Number(hour[name] ?? 0) + value;
    }
    stats.set(`${key.pk}|${key.sk}`, hour);
    newest.set(frame.cameraId, frame);
  }
  items.push(...stats.values());
  for (const frame of newest.values()) {
    const update = cameraUpdate(tableName, frame, expiryOf(frame));
    const values = update.ExpressionAttributeValues;
    items.push({
      ...update.Key,
      cameraId: values[':camera'],
      lastCapturedAt: values[':at'],
      lastFrame: values[':frame'],
      expiresAt: values[':expires'],
      ...(frame.location ? { location: frame.location } : {}),
    });
  }
  for (const [cameraId, state] of alerts)
    items.push({ ...cameraKey(cameraId), cameraId, ...state });
  return items;
}

/** How a load went. */
export interface LoadReport {
  items: number;
  calls: number;
  /** Items DynamoDB handed back as UnprocessedItems and that were sent again. */
  retried: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes items with BatchWriteItem once the table is ACTIVE, 25 a call and `concurrency` calls in flight, sending
 * UnprocessedItems again after a growing pause; `onProgress` hears of each batch once written.
 */
export async function loadItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
  options: { concurrency?: number; onProgress?: (batch: readonly Item[]) => void } = {},
): Promise<LoadReport> {
  // A new table is CREATING for a moment, and refuses writes until it is ACTIVE (as in AWS).
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: tableName });
  const started = performance.now();
  const batches: Item[][] = [];
  for (let start = 0; start < items.length; start += BATCH_LIMIT) {
    batches.push(items.slice(start, start + BATCH_LIMIT));
  }
  let calls = 0;
  let retried = 0;
  let nextBatch = 0;
  async function worker() {
    for (let batch = batches[nextBatch++]; batch; batch = batches[nextBatch++]) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`DynamoDB left ${requests.length} items unwritten`);
        if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
        const output = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        calls++;
        const left = (output.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        retried += left.length;
        requests = left;
      }
      options.onProgress?.(batch);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return { items: items.length, calls, retried, seconds: (performance.now() - started) / 1000 };
}

/** A document client on a local DynamoDB endpoint, marshalling as the functions do. */
export function localDocumentClient(endpoint: string, region: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
}
