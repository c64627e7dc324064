import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
// @ts-expect-error dynalite ships no types
import dynalite from 'dynalite';
import { createResultsTableInput } from '../lambda/adapters/results-table-schema.js';
import { type StreamChange, startTransactionalDynamoDbProxy } from './dynamodb-transactions.js';
import { close, listen } from './http-io.js';

/** A running DynamoDB stand-in with the results table. */
export interface LocalDynamoDb {
  url: string;
  tableName: string;
  /** A client on the stand-in, for the runtime's own reads (the outbox poller). */
  client: DynamoDBClient;
  /** Calls back after every request that may have written an item. */
  onWrite(listener: () => void): void;
  close(): Promise<void>;
}

const WRITES = /\.(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/;

/**
 * Starts dynalite (in memory, or in a LevelDB directory that survives restarts) behind a proxy
 * that adds the transactions dynalite lacks, and creates the results table with the deployed key
 * schema unless the directory already holds it.
 */
export async function startLocalDynamoDb(options: {
  tableName: string;
  region: string;
  directory?: string;
  /** Receives every applied change, in place of DynamoDB Streams; see the proxy's `onCommit`. */
  onCommit?: (changes: StreamChange[]) => void;
}): Promise<LocalDynamoDb> {
  if (options.directory) await mkdir(options.directory, { recursive: true });
  const server: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.directory ? { path: options.directory } : {}),
  });
  const listeners: (() => void)[] = [];
  // Every write reaches dynalite, a transaction's too (the proxy applies it item by item).
  server.on('request', (request, response) => {
    if (WRITES.test(String(request.headers['x-amz-target'] ?? ''))) {
      response.on('finish', () => {
        for (const listener of listeners) listener();
      });
    }
  });
  const dynalitePort = await listen(server, 0, '127.0.0.1');
  const proxy = await startTransactionalDynamoDbProxy({
    target: `http://127.0.0.1:${dynalitePort}`,
    // On disk, a transaction a crash interrupted is undone at the next start.
    ...(options.directory ? { journalDirectory: `${options.directory}-transactions` } : {}),
    ...(options.onCommit ? { onCommit: options.onCommit } : {}),
  }).catch(async (error: unknown) => {
    await close(server);
    throw error;
  });
  const url = proxy.endpoint;
  const client = new DynamoDBClient({
    endpoint: url,
    region: options.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(new CreateTableCommand(createResultsTableInput(options.tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  return {
    url,
    tableName: options.tableName,
    client,
    onWrite: (listener) => listeners.push(listener),
    async close() {
      client.destroy();
      await proxy.close();
      await close(server);
    },
  };
}
