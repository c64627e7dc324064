import type { AddressInfo } from 'node:net';
import { type AttributeValue, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
// @ts-expect-error dynalite ships no types
import dynalite from 'dynalite';
import { createResultsTableInput } from '../../lambda/adapters/results-table-schema.js';
import { startTransactionalDynamoDbProxy } from '../../local/dynamodb-transactions.js';

/** A results table in dynalite (the DynamoDB API, in memory), with a document client on it. */
export interface LocalTable {
  tableName: string;
  client: DynamoDBDocumentClient;
  scan(): Promise<Record<string, unknown>[]>;
  /**
   * The table's stream as DynamoDB would deliver it for the items put so far: dynalite has no
   * Streams, so successful puts (alone or in a transaction) are recorded instead; frames are
   * committed by a put.
   */
  streamRecords(): DynamoDBRecord[];
  close(): Promise<void>;
}

/**
 * Starts dynalite on a free port, behind the proxy that adds transactions, and creates the
 * results table with the deployed key schema.
 */
export async function startLocalTable(tableName = 'results'): Promise<LocalTable> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // dynalite lacks TransactWriteItems: the proxy adds it, as the local runtime does.
  const proxy = await startTransactionalDynamoDbProxy({ target: `http://127.0.0.1:${port}` });
  const raw = new DynamoDBClient({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await raw.send(new CreateTableCommand(createResultsTableInput(tableName)));
  const client = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const puts: Record<string, AttributeValue>[] = [];
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as {
        Item?: Record<string, AttributeValue>;
        TransactItems?: { Put?: { Item: Record<string, AttributeValue> } }[];
      };
      if (context.commandName === 'PutItemCommand' && input.Item) puts.push(input.Item);
      if (context.commandName === 'TransactWriteItemsCommand') {
        for (const item of input.TransactItems ?? []) if (item.Put) puts.push(item.Put.Item);
      }
      return result;
    },
    { step: 'build', name: 'recordPuts' },
  );
  return {
    tableName,
    client,
    async scan() {
      const output = await client.send(new ScanCommand({ TableName: tableName }));
      return output.Items ?? [];
    },
    streamRecords() {
      return puts.map((NewImage, index) => ({
        eventName: 'INSERT' as const,
        dynamodb: {
          NewImage: NewImage as never,
          SequenceNumber: String(index + 1).padStart(21, '0'),
        },
      }));
    },
    async close() {
      raw.destroy();
      await proxy.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
