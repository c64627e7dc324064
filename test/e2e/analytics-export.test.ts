import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExport, runOnDuckDb } from '../../analytics/duckdb-export.js';
import { loadNamedQueries, type NamedQuery } from '../../analytics/named-queries.js';
import { periodInput } from '../../analytics/query-parameters.js';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { request, s3ClientFor, sampleImage, startTestRuntime } from './support/local-runtime.js';

let runtime: LocalRuntime;
let duckdb: DuckDBConnection;
const FROM = '2026-11-27T00:00:00Z';
const TO = '2026-11-29T00:00:00Z';
const period = periodInput.parse({ from: FROM, to: TO });
const queries = new Map(loadNamedQueries().map((query) => [query.name, query]));
const query = (name: string) => queries.get(name) as NamedQuery;

async function post(body: Record<string, unknown>, idempotencyKey?: string) {
  const reply = await request(
    runtime,
    'POST',
    '/frames',
    { image: sampleImage.toString('base64'), ...body },
    idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
  );
  expect(reply.status).toBe(200);
  return reply.json as { frameId: string; persons: { personId: number; status: string }[] };
}

async function review(frameId: string, personId: number, disposition: string) {
  const reply = await request(runtime, 'PUT', `/frames/${frameId}/persons/${personId}/review`, {
    disposition,
  });
  expect(reply.status).toBe(200);
}

async function report(groupBy: 'camera' | 'location', interval: 'hour' | 'day') {
  const reply = await request(
    runtime,
    'GET',
    `/reports/compliance?from=${FROM}&to=${TO}&groupBy=${groupBy}&interval=${interval}`,
  );
  expect(reply.status).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: the report's JSON as the contract gives it.
  return reply.json.groups as any[];
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  const first = await post(
    {
      cameraId: 'cam-a',
      location: 'plant-1',
      capturedAt: '2026-11-27T09:00:00Z',
      requiredEquipment: ['HAND_COVER'],
    },
    'cam-a-1',
  );
  // A retried POST: no second commit, so nothing more to export.
  await post(
    {
      cameraId: 'cam-a',
      location: 'plant-1',
      capturedAt: '2026-11-27T09:00:00Z',
      requiredEquipment: ['HAND_COVER'],
    },
    'cam-a-1',
  );
  await post({
    cameraId: 'cam-a',
    location: 'plant-1',
    capturedAt: '2026-11-27T15:20:00Z',
    requiredEquipment: ['FACE_COVER'],
  });
  const third = await post({
    cameraId: 'cam-b',
    location: 'plant-2',
    capturedAt: '2026-11-28T07:30:00Z',
    requiredEquipment: ['FACE_COVER', 'HAND_COVER', 'HEAD_COVER'],
  });
  await post({ cameraId: 'cam-c', capturedAt: '2026-11-28T23:59:00Z' });
  // A stored rejection (not an image) on the S3 path.
  await s3ClientFor(runtime).send(
    new PutObjectCommand({
      Bucket: runtime.bucket,
      Key: 'incoming/cam-b/not-an-image.jpg',
      Body: 'plain text',
      Metadata: { 'captured-at': '2026-11-28T10:00:00Z', location: 'plant-2' },
    }),
  );
  const violating = (frame: typeof first) =>
    frame.persons.filter((person) => person.status === 'violation').map((p) => p.personId);
  const [a0, a1] = violating(first);
  const [b0, b1] = violating(third);
  await review(first.frameId, a0 ?? 0, 'false-positive');
  // Latest disposition wins: false-positive, then confirmed again.
  await review(first.frameId, a1 ?? 1, 'false-positive');
  await review(first.frameId, a1 ?? 1, 'confirmed');
  await review(third.frameId, b0 ?? 0, 'confirmed');
  await review(third.frameId, b0 ?? 0, 'false-positive');
  await review(third.frameId, b1 ?? 1, 'inconclusive');
  await runtime.idle(60_000);
  duckdb = await openExport(runtime.exportDir);
});
afterAll(async () => {
  duckdb?.closeSync();
  await runtime?.stop();
});

describe('the named queries over the local export', () => {
  it('counts compliance by location and day as GET /reports/compliance does', async () => {
    const rows = await runOnDuckDb(duckdb, query('compliance-by-location-day'), period);
    const groups = await report('location', 'day');

    const expected = groups.flatMap((group) =>
      group.buckets.map((bucket: Record<string, unknown>) => ({
        location: group.location,
        day: String(bucket.start).slice(0, 10),
        frames: bucket.frames,
        rejected: bucket.rejected,
        persons: bucket.persons,
        compliant: bucket.compliant,
        violations: bucket.violations,
        indeterminate: bucket.indeterminate,
        false_positives: bucket.falsePositives,
        compliance_rate: bucket.complianceRate,
      })),
    );
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(expected.some((row) => (row.false_positives as number) >= 1)).toBe(true);
    expect(expected.some((row) => (row.rejected as number) >= 1)).toBe(true);
    expect(rows).toEqual(expected);
  });

  it('ranks cameras by violations with the totals of GET /reports/compliance', async () => {
    const rows = await runOnDuckDb(duckdb, query('cameras-by-violations'), period);
    const groups = await report('camera', 'day');

    const expected = groups
      .map((group) => ({
        camera_id: group.camera,
        frames: group.total.frames,
        rejected: group.total.rejected,
        persons: group.total.persons,
        compliant: group.total.compliant,
        violations: group.total.violations,
        false_positives: group.total.falsePositives,
        compliance_rate: group.total.complianceRate,
      }))
      .sort((a, b) => b.violations - a.violations || a.camera_id.localeCompare(b.camera_id));
    expect(expected.map((row) => row.camera_id)).toEqual(
      expect.arrayContaining(['cam-a', 'cam-b', 'cam-c']),
    );
    expect(rows).toEqual(expected);
  });

  it('counts violations by equipment and hour of day as the hourly report does', async () => {
    const rows = await runOnDuckDb(duckdb, query('violations-by-equipment-hour'), period);
    const groups = await report('camera', 'hour');

    const totals = new Map<string, number>();
    for (const group of groups) {
      for (const bucket of group.buckets) {
        const hour = new Date(bucket.start).getUTCHours();
        for (const [equipment, count] of Object.entries(bucket.violationsByEquipment)) {
          const key = `${equipment}@${hour}`;
          totals.set(key, (totals.get(key) ?? 0) + (count as number));
        }
      }
    }
    const fromQuery = new Map(
      rows
        .filter((row) => (row.violations as number) > 0)
        .map((row) => [`${row.equipment}@${row.hour_of_day}`, row.violations as number]),
    );
    expect(totals.size).toBeGreaterThanOrEqual(2);
    expect(fromQuery).toEqual(totals);
    expect(rows.reduce((sum, row) => sum + (row.false_positives as number), 0)).toBeGreaterThan(0);
  });

  it('gives the same numbers when every export file was delivered twice', async () => {
    const once = [];
    for (const named of queries.values()) once.push(await runOnDuckDb(duckdb, named, period));
    for (const entry of readdirSync(runtime.exportDir, { recursive: true })) {
      const file = String(entry);
      if (file.endsWith('.parquet')) {
        const from = join(runtime.exportDir, file);
        cpSync(from, from.replace(/\.parquet$/, '-again.parquet'));
      }
    }
    const twice = await openExport(runtime.exportDir);

    const again = [];
    for (const named of queries.values()) again.push(await runOnDuckDb(twice, named, period));

    expect(again).toEqual(once);
    expect(once.flat().length).toBeGreaterThan(3);
    twice.closeSync();
  });
});
