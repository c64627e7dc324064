import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoDbResultsStore } from '../../lambda/adapters/dynamodb-results-store.js';
import { statsKey } from '../../lambda/adapters/stats-items.js';
import type { Claim } from '../../lambda/core/ports.js';
import { buildFrameResult } from '../../lambda/domain/frame-result.js';
import { fixtureRecording } from '../support/fixtures.js';
import { type LocalTable, startLocalTable } from '../support/local-table.js';

let table: LocalTable;
beforeAll(async () => {
  table = await startLocalTable();
});
afterAll(async () => {
  await table?.close();
});

/** A judged frame of a camera at a time, from the real fixture response. */
function result(frameId: string, cameraId: string, capturedAt: string) {
  const context = {
    frameId,
    cameraId,
    capturedAt,
    source: 'api' as const,
    requiredEquipment: ['FACE_COVER' as const],
    minConfidence: 80,
    policy: 'default',
  };
  return buildFrameResult(context, fixtureRecording.response, false).result;
}

async function claimed(store: ReturnType<typeof makeDynamoDbResultsStore>, frameId: string) {
  const outcome = await store.claim({ frameId, requestHash: '', leaseSeconds: 60 });
  if (outcome.kind !== 'claimed') throw new Error(`Frame ${frameId} was not claimed`);
  return outcome.claim;
}

async function hourStats(cameraId: string, capturedAt: string) {
  const key = statsKey({ cameraId, capturedAt });
  return (await table.scan()).find((item) => item.pk === key.pk && item.sk === key.sk);
}

describe('committing frames of one camera and hour at once', () => {
  it('commits every frame and counts each once, though their commits conflict', async () => {
    const store = makeDynamoDbResultsStore(table.client, {
      tableName: table.tableName,
      retentionDays: 1,
    });
    const capturedAt = '2026-11-27T10:15:00.000Z';
    const frames = Array.from({ length: 12 }, (_, n) => result(`conc-${n}`, 'cam-c1', capturedAt));
    const claims: Claim[] = await Promise.all(frames.map((f) => claimed(store, f.frameId)));

    await Promise.all(frames.map((frame, n) => store.saveResult(frame, claims[n] as Claim)));

    const stats = await hourStats('cam-c1', capturedAt);
    expect(stats).toMatchObject({ frames: 12, persons: 48, compliant: 48 });
    for (const frame of frames) {
      expect(await store.getFrame(frame.frameId)).toMatchObject({ frameId: frame.frameId });
    }
  });
});

describe('a claim that meets a transaction on the frame record', () => {
  it('claims the frame once the transaction let go, instead of answering "unavailable"', async () => {
    // DynamoDB answers TransactionConflictException to a write on an item that a transaction
    // holds (the alert publisher's, on a committed frame) and the SDK does not retry it.
    let conflicts = 2;
    const busy = {
      send: async (command: unknown) => {
        if (command instanceof PutCommand && conflicts-- > 0) {
          throw Object.assign(new Error('Transaction is ongoing for the item'), {
            name: 'TransactionConflictException',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return table.client.send(command as PutCommand);
      },
    } as unknown as DynamoDBDocumentClient;
    const store = makeDynamoDbResultsStore(busy, { tableName: table.tableName, retentionDays: 1 });

    const outcome = await store.claim({ frameId: 'held-1', requestHash: '', leaseSeconds: 60 });

    expect(outcome.kind).toBe('claimed');
    expect(conflicts).toBeLessThan(0);
  });
});

describe('the camera list after a commit', () => {
  /** The table's client, with every camera-record update refused as DynamoDB refuses when throttled. */
  function throttlingCameraUpdates(): DynamoDBDocumentClient {
    const send = table.client.send.bind(table.client) as (command: unknown) => Promise<unknown>;
    return new Proxy(table.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: { constructor: { name: string }; input: { Key?: { pk?: string } } }) => {
          if (
            command.constructor.name === 'UpdateCommand' &&
            command.input.Key?.pk?.startsWith('CAMERA')
          ) {
            const error = new Error('Rate of requests exceeds the allowed throughput.');
            error.name = 'ProvisionedThroughputExceededException';
            return Promise.reject(error);
          }
          return send(command);
        };
      },
    });
  }

  it('stores the frame and tells of a camera-list update the table refused', async () => {
    const failures: { frameId: string; cameraId: string }[] = [];
    const store = makeDynamoDbResultsStore(throttlingCameraUpdates(), {
      tableName: table.tableName,
      retentionDays: 1,
      onCameraListFailure: (frame) => failures.push(frame),
    });
    const frame = result('list-1', 'cam-l1', '2026-11-27T11:00:00.000Z');

    await store.saveResult(frame, await claimed(store, frame.frameId));

    expect(await store.getFrame(frame.frameId)).toMatchObject({ frameId: 'list-1' });
    expect(failures).toEqual([{ frameId: 'list-1', cameraId: 'cam-l1' }]);
  });

  it('tells nothing when an older frame finds a newer one in the list', async () => {
    const failures: unknown[] = [];
    const store = makeDynamoDbResultsStore(table.client, {
      tableName: table.tableName,
      retentionDays: 1,
      onCameraListFailure: (frame) => failures.push(frame),
    });
    const newer = result('list-new', 'cam-l2', '2026-11-27T12:00:00.000Z');
    const older = result('list-old', 'cam-l2', '2026-11-27T11:00:00.000Z');

    await store.saveResult(newer, await claimed(store, newer.frameId));
    await store.saveResult(older, await claimed(store, older.frameId));

    expect(failures).toEqual([]);
  });
});
