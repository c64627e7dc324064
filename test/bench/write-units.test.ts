import { describe, expect, it } from 'vitest';
import { itemBytes, writesOf } from '../../bench/support/write-units.js';

describe('write units of a frame (bench/cost.ts prices them)', () => {
  it('sizes an item by DynamoDB rules: names plus values, numbers by their digits', () => {
    // 2 + 9, 2 + 5, 5 + 10, and 1 + (3 bytes for five digits + 1).
    expect(itemBytes({ pk: 'FRAME#abc', sk: 'FRAME', state: 'PROCESSING', n: 12345 })).toBe(38);
  });

  it('counts one unit per started KB, twice in a transaction, and an update as the item it leaves', async () => {
    const big = { pk: 'FRAME#abc', sk: 'FRAME', text: 'x'.repeat(1020) };
    const stats = { pk: 'STATS#2026-11-27T09', sk: 'CAMERA#cam-01', frames: 3 };
    const writes = await writesOf(
      [
        { operation: 'PutItem', input: { Item: { ...big, state: 'PROCESSING' } } },
        {
          operation: 'TransactWriteItems',
          input: { TransactItems: [{ Put: { Item: big } }, { Update: { Key: { pk: stats.pk } } }] },
        },
      ],
      async () => stats,
    );

    expect(writes.map((w) => [w.record, w.operation, w.writeUnits])).toEqual([
      ['frame claim', 'PutItem', 2],
      ['frame record', 'TransactWriteItems', 4],
      ['hourly statistics', 'TransactWriteItems', 2],
    ]);
  });
});
