import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadItems, localDocumentClient, storeItems } from '../../bench/support/store-loader.js';
import { generateFrames, violationsIn } from '../../bench/support/stored-frames.js';
import { makeDynamoDbResultsStore } from '../../lambda/adapters/dynamodb-results-store.js';
import { EQUIPMENT_TYPES } from '../../lambda/domain/equipment.js';
import type { FrameResult } from '../../lambda/domain/frame-result.js';
import { startLocalDynamoDb } from '../../local/dynamodb-local.js';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { request, startTestRuntime } from '../e2e/support/local-runtime.js';

// The store bench/console-violations.ts measures the console on: built items, not the pipeline.
const END = new Date('2026-11-27T12:00:00Z');
const FROM = '2026-11-24T12:00:00.000Z';
const TO = '2026-11-27T12:00:01.000Z';
const frames = generateFrames({ count: 120, end: END, seed: 7 });
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
  const client = localDocumentClient(runtime.urls.dynamodb, runtime.region);
  await loadItems(client, runtime.tableName, storeItems(frames, runtime.tableName), {
    concurrency: 3,
  });
});

afterAll(async () => {
  await runtime?.stop();
});

/** Every page of GET /violations for a query string. */
async function allViolations(query: string) {
  const items: { frameId: string; personId: number; missingEquipment: string[] }[] = [];
  let token: string | undefined;
  do {
    const page = await request(
      runtime,
      'GET',
      `/violations?${query}&limit=100${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`,
    );
    expect(page.status).toBe(200);
    items.push(...page.json.items);
    token = page.json.nextToken;
  } while (token);
  return items;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const persons = (subset: FrameResult[], status: string) =>
  sum(subset.map((frame) => frame.persons.filter((p) => p.status === status).length));

describe('the console benchmark store loader', () => {
  it('generates varied frames: cameras, locations, persons per frame, missing equipment, days', () => {
    expect(new Set(frames.map((f) => f.cameraId)).size).toBeGreaterThanOrEqual(10);
    expect(frames.some((f) => f.location === undefined)).toBe(true);
    expect(new Set(frames.map((f) => f.persons.length)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(frames.map((f) => f.capturedAt.slice(0, 10))).size).toBe(4);
    const missing = new Set(frames.flatMap((f) => f.persons.flatMap((p) => p.missingEquipment)));
    expect([...missing].sort()).toEqual([...EQUIPMENT_TYPES].sort());
    expect(persons(frames, 'indeterminate')).toBeGreaterThan(0);
  });

  it('stores every violation the generated frames hold, where GET /violations finds them', async () => {
    const listed = await allViolations(`from=${FROM}&to=${TO}`);
    const expected = frames.flatMap((frame) =>
      frame.persons
        .filter((p) => p.status === 'violation')
        .map((p) => `${frame.frameId}#${p.personId}`),
    );
    expect(expected.length).toBeGreaterThan(50);
    expect(listed.map((v) => `${v.frameId}#${v.personId}`).sort()).toEqual(expected.sort());
    expect(violationsIn(frames, { from: FROM, to: TO })).toBe(expected.length);
  });

  it('answers a filtered GET /violations (one camera, one missing type) with the intended count', async () => {
    const filter = { cameraId: 'cam-03', equipment: 'HEAD_COVER' };
    const listed = await allViolations(`from=${FROM}&to=${TO}&${new URLSearchParams(filter)}`);
    const intended = violationsIn(frames, { from: FROM, to: TO, ...filter });
    expect(intended).toBeGreaterThan(0);
    expect(listed).toHaveLength(intended);
  });

  it('adds every frame to its hour, so that GET /reports/compliance counts what was generated', async () => {
    const report = await request(
      runtime,
      'GET',
      `/reports/compliance?from=2026-11-24T00:00:00Z&to=2026-11-28T00:00:00Z&groupBy=camera`,
    );
    expect(report.status).toBe(200);
    const cameras = [...new Set(frames.map((f) => f.cameraId))].sort();
    expect(report.json.groups.map((g: { camera: string }) => g.camera)).toEqual(cameras);
    for (const group of report.json.groups) {
      const own = frames.filter((f) => f.cameraId === group.camera);
      expect(group.total).toMatchObject({
        frames: own.length,
        persons: sum(own.map((f) => f.persons.length)),
        compliant: persons(own, 'compliant'),
        violations: persons(own, 'violation'),
        indeterminate: persons(own, 'indeterminate'),
      });
    }
  });

  it("lists each camera with its newest frame, and no alert is left pending for the runtime's publisher", async () => {
    const cameras = await request(runtime, 'GET', '/cameras');
    expect(cameras.status).toBe(200);
    const newest = new Map(
      [...frames]
        .sort((a, b) => a.capturedAt.localeCompare(b.capturedAt))
        .map((f) => [f.cameraId, f.frameId]),
    );
    expect(
      Object.fromEntries(
        cameras.json.items.map((c: { cameraId: string; lastFrame: { frameId: string } }) => [
          c.cameraId,
          c.lastFrame.frameId,
        ]),
      ),
    ).toEqual(Object.fromEntries(newest));
    await runtime.idle();
    const alerts = await request(runtime, 'GET', '/local/alerts');
    expect(alerts.status).toBe(200);
    expect(alerts.json.alerts ?? alerts.json).toEqual([]);
  });

  it('writes the same items as the results store does for the same frames (alert state aside)', async () => {
    // Two and a half hours of 40 frames: cameras with several frames in one hour.
    const subset = generateFrames({ count: 40, end: END, days: 0.1, seed: 8 });
    const table = await startLocalDynamoDb({ tableName: 'pipeline', region: runtime.region });
    try {
      const client = localDocumentClient(table.url, runtime.region);
      let clock = 0;
      const store = makeDynamoDbResultsStore(client, {
        tableName: 'pipeline',
        retentionDays: 365,
        now: () => clock,
      });
      for (const frame of subset) {
        clock = Date.parse(frame.capturedAt);
        const outcome = await store.claim({
          frameId: frame.frameId,
          requestHash: '',
          leaseSeconds: 120,
        });
        if (outcome.kind !== 'claimed') throw new Error(outcome.kind);
        await store.saveResult(frame, outcome.claim);
      }
      const loaderTable = await startLocalDynamoDb({ tableName: 'loader', region: runtime.region });
      try {
        const loaderClient = localDocumentClient(loaderTable.url, runtime.region);
        await loadItems(loaderClient, 'loader', storeItems(subset, 'loader'));
        const scan = async (c: typeof client, name: string) =>
          ((await c.send(new ScanCommand({ TableName: name }))).Items ?? [])
            .filter((item) => !String(item.pk).startsWith('CAMERA#'))
            .map(
              ({
                alertState: _s,
                alertHeldBack: _h,
                alertMessageId: _m,
                alertPublishedAt: _p,
                ...rest
              }) => rest,
            )
            .sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
        const pipeline = await scan(client, 'pipeline');
        expect(pipeline.length).toBeGreaterThan(subset.length * 2);
        expect(await scan(loaderClient, 'loader')).toEqual(pipeline);
      } finally {
        await loaderTable.close();
      }
    } finally {
      await table.close();
    }
  });
});
