import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
// @ts-expect-error dynalite ships no types
import dynalite from 'dynalite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbTarget, relay } from '../../local/dynamodb-json-http.js';
import {
  startTransactionalDynamoDbProxy,
  type TransactionalDynamoDbProxy,
} from '../../local/dynamodb-transactions.js';
import { close, listen, readBody } from '../../local/http-io.js';
import { openTransactionJournal } from '../../local/transaction-journal.js';

const TableName = 'frames';
type Items = NonNullable<TransactWriteCommandInput['TransactItems']>;

let dynamo: Server;
let dynamoUrl: string;
let proxy: TransactionalDynamoDbProxy;
let tables: DynamoDBClient;
let documents: DynamoDBDocumentClient;
/** Each test writes under its own partition key, so that tests share the table and stay apart. */
let pk: string;
/** How many times the proxy said that a write was answered. */
let writes = 0;

function lowLevelClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

function documentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(lowLevelClient(endpoint));
}

async function read(sk: string): Promise<Record<string, unknown> | undefined> {
  const output = await documents.send(
    new GetCommand({ TableName, Key: { pk, sk }, ConsistentRead: true }),
  );
  return output.Item;
}

function transact(TransactItems: Items, client = documents) {
  return client.send(new TransactWriteCommand({ TransactItems }));
}

const putFrame = (label: string): Items[number] => ({
  Put: { TableName, Item: { pk, sk: 'frame#1', label } },
});

beforeAll(async () => {
  dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  dynamoUrl = `http://127.0.0.1:${await listen(dynamo, 0, '127.0.0.1')}`;
  proxy = await startTransactionalDynamoDbProxy({
    target: dynamoUrl,
    onWrite: () => {
      writes += 1;
    },
  });
  tables = lowLevelClient(proxy.endpoint);
  documents = DynamoDBDocumentClient.from(tables);
  await tables.send(
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
  tables?.destroy();
  await proxy?.close();
  if (dynamo) await close(dynamo);
});

beforeEach(() => {
  pk = `camera#${randomUUID()}`;
});

/** A proxy whose target holds the transaction's write of `label` until released. */
async function gatedProxy(label: string) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let arrived = () => {};
  const writeArrived = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const dynamoTarget = new DynamoDbTarget(dynamoUrl);
  const gate = createServer(async (request, response) => {
    const body = await readBody(request, 1 << 20);
    if (body.includes(`"${label}"`)) {
      arrived();
      await released;
    }
    relay(response, await dynamoTarget.send('POST', '/', request.headers, body));
  });
  const gated = await startTransactionalDynamoDbProxy({
    target: `http://127.0.0.1:${await listen(gate, 0, '127.0.0.1')}`,
  });
  const client = documentClient(gated.endpoint);
  return {
    client,
    writeArrived,
    release,
    async close() {
      release();
      client.destroy();
      await gated.close();
      await close(gate);
      dynamoTarget.close();
    },
  };
}

describe('TransactWriteItems through the proxy', () => {
  it('commits a Put and an Update together', async () => {
    await documents.send(new PutCommand({ TableName, Item: { pk, sk: 'aggregate', frames: 2 } }));

    await transact([
      putFrame('new'),
      {
        Update: {
          TableName,
          Key: { pk, sk: 'aggregate' },
          UpdateExpression: 'ADD frames :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);

    expect(await read('frame#1')).toEqual({ pk, sk: 'frame#1', label: 'new' });
    expect(await read('aggregate')).toEqual({ pk, sk: 'aggregate', frames: 3 });
  });

  it.each(['existed', 'did not exist'])(
    'changes nothing when the second condition fails (the first item %s)',
    async (history) => {
      const before = history === 'existed' ? { pk, sk: 'frame#1', label: 'old' } : undefined;
      if (before) await documents.send(new PutCommand({ TableName, Item: before }));
      await documents.send(
        new PutCommand({ TableName, Item: { pk, sk: 'aggregate', version: 1 } }),
      );

      const attempt = transact([
        putFrame('new'),
        {
          Update: {
            TableName,
            Key: { pk, sk: 'aggregate' },
            UpdateExpression: 'SET version = :next',
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':next': 1, ':expected': 0 },
          },
        },
      ]);

      await expect(attempt).rejects.toMatchObject({
        name: 'TransactionCanceledException',
        CancellationReasons: [
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
        ],
      });
      expect(await read('frame#1')).toEqual(before);
      expect(await read('aggregate')).toEqual({ pk, sk: 'aggregate', version: 1 });
    },
  );

  it.each(['existed', 'did not exist'])(
    'restores the first item when the second fails as it is written (it %s)',
    async (history) => {
      const before = history === 'existed' ? { pk, sk: 'frame#1', label: 'old' } : undefined;
      if (before) await documents.send(new PutCommand({ TableName, Item: before }));
      await documents.send(
        new PutCommand({ TableName, Item: { pk, sk: 'aggregate', frames: 'x' } }),
      );

      const attempt = transact([
        putFrame('new'),
        {
          Update: {
            TableName,
            Key: { pk, sk: 'aggregate' },
            UpdateExpression: 'ADD frames :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
      ]);

      await expect(attempt).rejects.toMatchObject({
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'None' }, { Code: 'ValidationError' }],
      });
      expect(await read('frame#1')).toEqual(before);
      expect(await read('aggregate')).toEqual({ pk, sk: 'aggregate', frames: 'x' });
    },
  );

  it('returns the current item in the reason when asked with ALL_OLD', async () => {
    await documents.send(new PutCommand({ TableName, Item: { pk, sk: 'aggregate', version: 4 } }));

    const attempt = transact([
      {
        Delete: {
          TableName,
          Key: { pk, sk: 'aggregate' },
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': 3 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ]);

    await expect(attempt).rejects.toMatchObject({
      CancellationReasons: [
        {
          Code: 'ConditionalCheckFailed',
          Item: { pk: { S: pk }, sk: { S: 'aggregate' }, version: { N: '4' } },
        },
      ],
    });
  });

  it('cancels on a failing ConditionCheck and reports every item whose condition fails', async () => {
    const absent = (sk: string): Items[number] => ({
      ConditionCheck: { TableName, Key: { pk, sk }, ConditionExpression: 'attribute_exists(pk)' },
    });

    const attempt = transact([absent('a'), putFrame('new'), absent('b')]);

    await expect(attempt).rejects.toMatchObject({
      message: expect.stringContaining('[ConditionalCheckFailed, None, ConditionalCheckFailed]'),
    });
    expect(await read('frame#1')).toBeUndefined();
  });

  it('leaves an existing item as it was when its ConditionCheck passes', async () => {
    const aggregate = { pk, sk: 'aggregate', version: 3, cooldownUntil: '2024-01-01T00:00:00Z' };
    await documents.send(new PutCommand({ TableName, Item: aggregate }));

    await transact([
      {
        ConditionCheck: {
          TableName,
          Key: { pk, sk: 'aggregate' },
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': 3 },
        },
      },
      putFrame('new'),
    ]);

    expect(await read('aggregate')).toEqual(aggregate);
    expect(await read('frame#1')).toMatchObject({ label: 'new' });
  });

  it('does not create the item of a ConditionCheck that passes on no item', async () => {
    await transact([
      {
        ConditionCheck: {
          TableName,
          Key: { pk, sk: 'cooldown' },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      putFrame('new'),
    ]);

    expect(await read('cooldown')).toBeUndefined();
    expect(await read('frame#1')).toMatchObject({ label: 'new' });
  });

  it('lets one of concurrent transactions on the same version win', async () => {
    await documents.send(
      new PutCommand({ TableName, Item: { pk, sk: 'aggregate', version: 0, frames: 0 } }),
    );
    const attempt = (frame: number) =>
      transact([
        {
          Update: {
            TableName,
            Key: { pk, sk: 'aggregate' },
            UpdateExpression: 'SET version = :next ADD frames :one',
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':next': 1, ':expected': 0, ':one': 1 },
          },
        },
        { Put: { TableName, Item: { pk, sk: `frame#${frame}` } } },
      ]);

    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map(attempt));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await read('aggregate')).toEqual({ pk, sk: 'aggregate', version: 1, frames: 1 });
    const frames = await documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :frame)',
        ExpressionAttributeValues: { ':pk': pk, ':frame': 'frame#' },
      }),
    );
    expect(frames.Items).toHaveLength(1);
  });

  it('answers ValidationException for two operations on one item', async () => {
    const attempt = transact([
      putFrame('new'),
      { Delete: { TableName, Key: { pk, sk: 'frame#1' } } },
    ]);

    await expect(attempt).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Transaction request cannot include multiple operations on one item',
    });
    expect(await read('frame#1')).toBeUndefined();
  });

  it('answers ValidationException for more than 100 items', async () => {
    const items = Array.from({ length: 101 }, (_, index) => ({
      ConditionCheck: {
        TableName,
        Key: { pk, sk: `${index}` },
        ConditionExpression: 'size(pk) > 0',
      },
    }));

    await expect(transact(items)).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Member must have length less than or equal to 100'),
    });
  });
});

describe('other requests through the proxy', () => {
  it('relays PutItem, GetItem and Query', async () => {
    await documents.send(new PutCommand({ TableName, Item: { pk, sk: 'frame#2', label: 'b' } }));
    await documents.send(new PutCommand({ TableName, Item: { pk, sk: 'frame#1', label: 'a' } }));

    const frames = await documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    );

    expect(await read('frame#2')).toEqual({ pk, sk: 'frame#2', label: 'b' });
    expect(frames.Items?.map((item) => item.label)).toEqual(['a', 'b']);
  });

  it('calls onWrite once a write has been answered, and not for a read', async () => {
    const before = writes;
    await documents.send(new PutCommand({ TableName, Item: { pk, sk: 'frame#1' } }));
    const afterPut = writes;

    await read('frame#1');

    expect([afterPut - before, writes - afterPut]).toEqual([1, 0]);
  });

  it('reads items in order with TransactGetItems, an empty response for a missing one', async () => {
    await documents.send(new PutCommand({ TableName, Item: { pk, sk: 'frame#1', label: 'a' } }));

    const output = await documents.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName, Key: { pk, sk: 'missing' } } },
          { Get: { TableName, Key: { pk, sk: 'frame#1' } } },
        ],
      }),
    );

    expect(output.Responses).toEqual([{}, { Item: { pk, sk: 'frame#1', label: 'a' } }]);
  });

  it('holds a GetItem of an item until the transaction that writes it has committed', async () => {
    const gated = await gatedProxy('held');
    try {
      const transaction = transact(
        [putFrame('held'), { Put: { TableName, Item: { pk, sk: 'aggregate', frames: 1 } } }],
        gated.client,
      );
      await gated.writeArrived;
      let readDone = false;
      const reading = gated.client
        .send(new GetCommand({ TableName, Key: { pk, sk: 'aggregate' }, ConsistentRead: true }))
        .finally(() => {
          readDone = true;
        });

      await new Promise((resolve) => setTimeout(resolve, 150));
      const doneWhileHeld = readDone;
      gated.release();

      expect(doneWhileHeld).toBe(false);
      await transaction;
      expect((await reading).Item).toEqual({ pk, sk: 'aggregate', frames: 1 });
    } finally {
      await gated.close();
    }
  });
});

describe('conflicts with a transaction in flight, as DynamoDB reports them', () => {
  const bump = (sk: string): Items[number] => ({
    Update: {
      TableName,
      Key: { pk, sk },
      UpdateExpression: 'ADD frames :one',
      ExpressionAttributeValues: { ':one': 1 },
    },
  });

  it('cancels an overlapping transaction with a TransactionConflict reason for the held item', async () => {
    const gated = await gatedProxy('held');
    try {
      const first = transact([putFrame('held'), bump('aggregate')], gated.client);
      await gated.writeArrived;

      const second = transact(
        [{ Put: { TableName, Item: { pk, sk: 'frame#2' } } }, bump('aggregate')],
        gated.client,
      );

      await expect(second).rejects.toMatchObject({
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
      });
      gated.release();
      await first;
      expect(await read('aggregate')).toEqual({ pk, sk: 'aggregate', frames: 1 });
      expect(await read('frame#2')).toBeUndefined();
    } finally {
      await gated.close();
    }
  });

  it('refuses a PutItem of a held item with TransactionConflictException', async () => {
    const gated = await gatedProxy('held');
    try {
      const first = transact([putFrame('held'), bump('aggregate')], gated.client);
      await gated.writeArrived;

      const put = gated.client.send(
        new PutCommand({ TableName, Item: { pk, sk: 'aggregate', frames: 99 } }),
      );

      await expect(put).rejects.toMatchObject({ name: 'TransactionConflictException' });
      gated.release();
      await first;
      expect(await read('aggregate')).toEqual({ pk, sk: 'aggregate', frames: 1 });
    } finally {
      await gated.close();
    }
  });

  it('lets transactions on other items run while one is held', async () => {
    const gated = await gatedProxy('held');
    try {
      const first = transact([putFrame('held'), bump('aggregate')], gated.client);
      await gated.writeArrived;

      await transact(
        [{ Put: { TableName, Item: { pk, sk: 'frame#3' } } }, bump('other')],
        gated.client,
      );

      expect(await read('other')).toEqual({ pk, sk: 'other', frames: 1 });
      gated.release();
      await first;
    } finally {
      await gated.close();
    }
  });
});

describe('TransactWriteItems across a crash, with a journal', () => {
  it('undoes at start a transaction that a killed process left half applied', async () => {
    const journalDirectory = await mkdtemp(join(tmpdir(), 'ppe-journal-'));
    try {
      const journaled = await startTransactionalDynamoDbProxy({
        target: dynamoUrl,
        journalDirectory,
      });
      const client = documentClient(journaled.endpoint);
      await transact([{ Put: { TableName, Item: { pk, sk: 'STATS', frames: 1 } } }], client);
      client.destroy();
      await journaled.close();
      // A commit of a frame and its statistics, killed after the frame's write: its journal entry
      // (the prior images, saved before the first write) is all that is left of it.
      const journal = await openTransactionJournal(journalDirectory, async () => {});
      await journal.begin([
        { TableName, key: { pk: { S: pk }, sk: { S: 'FRAME' } } },
        {
          TableName,
          key: { pk: { S: pk }, sk: { S: 'STATS' } },
          prior: marshall({ pk, sk: 'STATS', frames: 1 }),
        },
      ]);
      await documentClient(dynamoUrl).send(
        new PutCommand({ TableName, Item: { pk, sk: 'FRAME' } }),
      );

      const restarted = await startTransactionalDynamoDbProxy({
        target: dynamoUrl,
        journalDirectory,
      });
      await restarted.close();

      expect(await read('FRAME')).toBeUndefined();
      expect(await read('STATS')).toEqual({ pk, sk: 'STATS', frames: 1 });
      expect(await readdir(journalDirectory)).toEqual([]);
    } finally {
      await rm(journalDirectory, { recursive: true, force: true });
    }
  });

  it('leaves no journal entry behind after a transaction that committed', async () => {
    const journalDirectory = await mkdtemp(join(tmpdir(), 'ppe-journal-'));
    try {
      const journaled = await startTransactionalDynamoDbProxy({
        target: dynamoUrl,
        journalDirectory,
      });
      const client = documentClient(journaled.endpoint);
      await transact(
        [putFrame('a'), { Put: { TableName, Item: { pk, sk: 'STATS', frames: 1 } } }],
        client,
      );
      client.destroy();
      await journaled.close();

      expect(await readdir(journalDirectory)).toEqual([]);
      expect(await read('STATS')).toEqual({ pk, sk: 'STATS', frames: 1 });
    } finally {
      await rm(journalDirectory, { recursive: true, force: true });
    }
  });
});
