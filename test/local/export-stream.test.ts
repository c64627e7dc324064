import { mkdtempSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
// @ts-expect-error dynalite ships no types
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { falsePositiveUpdate, statsUpdate } from '../../lambda/adapters/stats-items.js';
import type { IdentifiedChange } from '../../lambda/core/export-changes.js';
import type { StoredFrame } from '../../lambda/core/ports.js';
import {
  type StreamChange,
  startTransactionalDynamoDbProxy,
  type TransactionalDynamoDbProxy,
} from '../../local/dynamodb-transactions.js';
import { LocalExportStream } from '../../local/export-stream.js';
import { close, listen } from '../../local/http-io.js';

const TableName = 'results';
let dynamo: Server;
let proxy: TransactionalDynamoDbProxy;
let documents: DynamoDBDocumentClient;
const seen: { change: StreamChange }[] = [];
let lowLevel: DynamoDBClient;

beforeAll(async () => {
  dynamo = dynalite({ createTableMs: 0 });
  const target = `http://127.0.0.1:${await listen(dynamo, 0, '127.0.0.1')}`;
  proxy = await startTransactionalDynamoDbProxy({
    target,
    onCommit: (changes) => {
      for (const change of changes) seen.push({ change });
    },
  });
  lowLevel = new DynamoDBClient({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
    maxAttempts: 1,
  });
  documents = DynamoDBDocumentClient.from(lowLevel);
  await lowLevel.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
});

afterAll(async () => {
  lowLevel?.destroy();
  await proxy?.close();
  if (dynamo) await close(dynamo);
});

describe('the local stand-in for the results stream', () => {
  it('reports each applied write with its new and old images, in the order of the writes', async () => {
    seen.length = 0;
    const key = { pk: 'FRAME#a', sk: 'FRAME' };
    await documents.send(new PutCommand({ TableName, Item: { ...key, state: 'PROCESSING' } }));
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName,
              Item: { ...key, state: 'DONE' },
              ConditionExpression: '#s = :p',
              ExpressionAttributeNames: { '#s': 'state' },
              ExpressionAttributeValues: { ':p': 'PROCESSING' },
            },
          },
          {
            Update: {
              TableName,
              Key: { pk: 'STATS#x', sk: 'h' },
              UpdateExpression: 'ADD frames :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );

    const summary = seen.map(({ change }) => ({
      eventName: change.eventName,
      sk: change.keys.sk,
      newState: change.newImage ? unmarshall(change.newImage as never).state : undefined,
      oldState: change.oldImage ? unmarshall(change.oldImage as never).state : undefined,
    }));
    expect(summary).toEqual([
      { eventName: 'INSERT', sk: { S: 'FRAME' }, newState: 'PROCESSING', oldState: undefined },
      { eventName: 'MODIFY', sk: { S: 'FRAME' }, newState: 'DONE', oldState: 'PROCESSING' },
      { eventName: 'INSERT', sk: { S: 'h' }, newState: undefined, oldState: undefined },
    ]);
  });

  it("reports every update of an hour's statistics item with its new image and a growing update count", async () => {
    seen.length = 0;
    const frame = {
      status: 'analysed',
      frameId: 'f-s',
      cameraId: 'cam-09',
      location: 'dock',
      capturedAt: '2026-11-27T10:15:00.000Z',
      persons: [{ personId: 0, status: 'violation', missingEquipment: ['HEAD_COVER'] }],
      summary: {
        personsWithRequiredEquipment: [],
        personsWithoutRequiredEquipment: [0],
        personsIndeterminate: [],
      },
    } as unknown as StoredFrame;
    for (let commit = 0; commit < 2; commit++) {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [{ Update: statsUpdate(TableName, frame, 1_900_000_000) }],
        }),
      );
    }
    await documents.send(
      new UpdateCommand(
        falsePositiveUpdate(TableName, { ...frame, expiresAt: 1_900_000_000 }, ['HEAD_COVER'], 1),
      ),
    );

    const images = seen.map(
      ({ change }): Record<string, unknown> => ({
        eventName: change.eventName,
        ...(unmarshall(change.newImage as never) as Record<string, unknown>),
      }),
    );
    expect(images).toEqual([
      expect.objectContaining({ eventName: 'INSERT', updates: 1, frames: 1, violations: 1 }),
      expect.objectContaining({
        eventName: 'MODIFY',
        updates: 2,
        frames: 2,
        missing_HEAD_COVER: 2,
      }),
      expect.objectContaining({
        eventName: 'MODIFY',
        updates: 3,
        frames: 2,
        falsePositives: 1,
        falsePositive_HEAD_COVER: 1,
      }),
    ]);
    expect(images.every((image) => image.pk === 'STATS#2026-11-27')).toBe(true);
  });

  it('reports nothing for a write whose condition failed', async () => {
    seen.length = 0;

    await expect(
      documents.send(
        new UpdateCommand({
          TableName,
          Key: { pk: 'FRAME#a', sk: 'FRAME' },
          UpdateExpression: 'SET #s = :x',
          ConditionExpression: '#s = :p',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':x': 'X', ':p': 'PROCESSING' },
        }),
      ),
    ).rejects.toThrow(/conditional/i);
    expect(seen).toEqual([]);
  });
});

const change = (id: string): StreamChange => ({
  eventName: 'INSERT',
  tableName: TableName,
  keys: {},
  newImage: { pk: { S: id }, sk: { S: 'FRAME' } },
});

describe('the local export stream', () => {
  it('retries a failed batch in order until it is exported, skipping nothing', async () => {
    const exported: string[] = [];
    let failures = 1;
    const stream = new LocalExportStream(
      async (changes: readonly IdentifiedChange[]) => {
        if (failures-- > 0) return { firstFailedId: changes[0]?.id, rows: 0 };
        exported.push(...changes.map((c) => String(c.newImage?.pk)));
        return { rows: changes.length };
      },
      { retryMs: 1 },
    );

    stream.accept([change('a')]);
    stream.accept([change('b')]);
    await stream.idle();

    expect(exported).toEqual(['a', 'b']);
  });

  it('exports after a restart what it had taken but not exported', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'export-spool-'));
    const first = new LocalExportStream(async () => ({ firstFailedId: 'x', rows: 0 }), {
      spoolDir,
      retryMs: 1000,
    });
    first.accept([change('kept')]);
    await first.stop();
    expect(readdirSync(spoolDir)).toHaveLength(1);

    const exported: string[] = [];
    const second = new LocalExportStream(
      async (changes) => {
        exported.push(...changes.map((c) => String(c.newImage?.pk)));
        return { rows: changes.length };
      },
      { spoolDir },
    );
    await second.idle();

    expect(exported).toEqual(['kept']);
    expect(readdirSync(spoolDir)).toEqual([]);
  });
});
