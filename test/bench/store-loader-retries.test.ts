import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { loadItems, localDocumentClient } from '../../bench/support/store-loader.js';

describe('the console benchmark loader against a table that pushes back', () => {
  it('sends 25 items a call and sends UnprocessedItems again until every item is written', async () => {
    const client = localDocumentClient('http://127.0.0.1:1', 'us-east-1');
    const mock = mockClient(DynamoDBDocumentClient);
    mock.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    const written: unknown[] = [];
    let refused = 0;
    mock.on(BatchWriteCommand).callsFake((input) => {
      const requests = input.RequestItems.results as { PutRequest: { Item: unknown } }[];
      // The first two calls leave their last 3 items unprocessed, as a throttled table does.
      const keep = refused < 2 ? requests.length - 3 : requests.length;
      if (keep < requests.length) refused++;
      written.push(...requests.slice(0, keep).map((r) => r.PutRequest.Item));
      return keep < requests.length ? { UnprocessedItems: { results: requests.slice(keep) } } : {};
    });
    const items = Array.from({ length: 60 }, (_, n) => ({ pk: `FRAME#${n}`, sk: 'FRAME' }));

    const report = await loadItems(client, 'results', items, { concurrency: 2 }).finally(() =>
      mock.restore(),
    );

    expect(written).toHaveLength(60);
    expect(new Set(written.map((item) => (item as { pk: string }).pk)).size).toBe(60);
    const sizes = mock
      .commandCalls(BatchWriteCommand)
      .map((c) => c.args[0].input.RequestItems?.results?.length);
    expect(Math.max(...(sizes as number[]))).toBe(25);
    expect(report).toMatchObject({ items: 60, retried: 6, calls: 5 });
  });
});
