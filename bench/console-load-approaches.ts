import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDynamoDbResultsStore } from '../lambda/adapters/dynamodb-results-store.js';
import { startLocalDynamoDb } from '../local/dynamodb-local.js';
import { startLocalRuntime } from '../local/start-local-runtime.js';
import { REPO_ROOT } from './support/machine.js';
import { markdownTable } from './support/markdown.js';
import { loadItems, localDocumentClient, storeItems } from './support/store-loader.js';
import { generateFrames } from './support/stored-frames.js';

/**
 * `npx tsx bench/console-load-approaches.ts [FRAMES]`: how fast each way of filling the local
 * results table goes, on a few hundred frames (default 200), to choose the loader of
 * bench/console-violations.ts. A one-off: its figures are in bench/findings.md.
 */
const FRAMES = Number(process.argv[2] ?? 200);
const sample = readFileSync(join(REPO_ROOT, 'local/samples/ppe-group.jpg')).toString('base64');

async function inParallel<T>(
  all: readonly T[],
  concurrency: number,
  each: (t: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = all[next++]; item !== undefined; item = all[next++]) await each(item);
    }),
  );
}

const rows: (string | number)[][] = [];
const record = (approach: string, seconds: number, items?: number) => {
  rows.push([
    approach,
    FRAMES,
    Number(seconds.toFixed(2)),
    Math.round(FRAMES / seconds),
    items ?? '',
  ]);
  console.error(`${approach}: ${(FRAMES / seconds).toFixed(0)} frames/s`);
};

let seed = 100;
const runtime = await startLocalRuntime({
  port: 0,
  s3Port: 0,
  consolePort: false,
  logLevel: 'SILENT',
  log: () => {},
});
try {
  const client = localDocumentClient(runtime.urls.dynamodb, runtime.region);
  // 1. The whole pipeline: POST /frames with the sample image, 4 at once.
  const frames = generateFrames({ count: FRAMES, end: new Date(), seed: seed++ });
  let started = performance.now();
  await inParallel(frames, 4, async (frame) => {
    const response = await fetch(`${runtime.urls.api}/frames`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        cameraId: frame.cameraId,
        ...(frame.location ? { location: frame.location } : {}),
        capturedAt: frame.capturedAt,
        image: sample,
      }),
    });
    if (response.status !== 200) throw new Error(`POST /frames: ${response.status}`);
    await response.arrayBuffer();
  });
  record('POST /frames, 4 at once, running runtime', (performance.now() - started) / 1000);
  await runtime.idle(120_000);

  // 2. The results store alone: claim, person records, commit transaction, camera record.
  const store = makeDynamoDbResultsStore(client, {
    tableName: runtime.tableName,
    retentionDays: 365,
  });
  const stored = generateFrames({ count: FRAMES, end: new Date(), seed: seed++ });
  started = performance.now();
  await inParallel(stored, 8, async (frame) => {
    const outcome = await store.claim({
      frameId: frame.frameId,
      requestHash: '',
      leaseSeconds: 120,
    });
    if (outcome.kind !== 'claimed') throw new Error(`not claimed: ${outcome.kind}`);
    await store.saveResult(frame, outcome.claim);
  });
  record(
    'results store saveResult, 8 at once, running runtime',
    (performance.now() - started) / 1000,
  );
  await runtime.idle(120_000);

  // 3. The committed items, built and written with BatchWriteItem, while the runtime runs.
  for (const concurrency of [1, 8]) {
    const built = generateFrames({ count: FRAMES, end: new Date(), seed: seed++ });
    started = performance.now();
    const items = storeItems(built, runtime.tableName);
    await loadItems(client, runtime.tableName, items, { concurrency });
    record(
      `built items, BatchWriteItem ${concurrency} in flight, running runtime`,
      (performance.now() - started) / 1000,
      items.length,
    );
  }
} finally {
  await runtime.stop();
}

// 4. The same into the table alone (dynalite behind the transactions proxy, no runtime: no alert
// outbox poller scanning the table after writes), in memory and on disk, a new table each time.
for (const disk of [false, true]) {
  for (const concurrency of [1, 2, 4, 8]) {
    const dir = disk ? mkdtempSync(join(tmpdir(), 'load-approaches-')) : undefined;
    const table = await startLocalDynamoDb({
      tableName: 'ppe-results',
      region: 'us-east-1',
      ...(dir ? { directory: join(dir, 'dynamodb') } : {}),
    });
    try {
      const client = localDocumentClient(table.url, 'us-east-1');
      const built = generateFrames({ count: FRAMES, end: new Date(), seed: seed++ });
      const started = performance.now();
      const items = storeItems(built, table.tableName);
      await loadItems(client, table.tableName, items, { concurrency });
      record(
        `built items, BatchWriteItem ${concurrency} in flight, table alone ${disk ? 'on disk' : 'in memory'}`,
        (performance.now() - started) / 1000,
        items.length,
      );
    } finally {
      await table.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
}
console.log(markdownTable(['approach', 'frames', 's', 'frames/s', 'items'], rows));
