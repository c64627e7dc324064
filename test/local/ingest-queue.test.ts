import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestQueue, type QueueConsumer } from '../../local/ingest-queue.js';
import { openDirectoryJournal } from '../../local/queue-journal.js';

const fast = { visibilityTimeoutMs: 5, backoffMultiplier: 2, maxVisibilityTimeoutMs: 50 };
let queue: IngestQueue | undefined;

afterEach(async () => {
  await queue?.stop();
  queue = undefined;
});

/** A consumer that records every batch and answers with `respond`. */
function recording(respond: (event: SQSEvent) => SQSBatchResponse | Promise<SQSBatchResponse>) {
  const batches: SQSEvent[] = [];
  const consumer: QueueConsumer = async (event) => {
    batches.push(event);
    return respond(event);
  };
  return { batches, consumer };
}

const ok = (): SQSBatchResponse => ({ batchItemFailures: [] });
const bodies = (event: SQSEvent) => event.Records.map((record) => record.body);

describe('IngestQueue', () => {
  it('hands messages over in batches of at most batchSize, each once', async () => {
    const { batches, consumer } = recording(ok);
    queue = new IngestQueue(consumer, { ...fast, batchSize: 3, maxConcurrency: 1 });

    for (const n of [1, 2, 3, 4, 5]) queue.send(`m${n}`);
    await queue.whenIdle();

    expect(batches.map(bodies)).toEqual([
      ['m1', 'm2', 'm3'],
      ['m4', 'm5'],
    ]);
    expect(queue.stats()).toMatchObject({ processed: 5, received: 5, waiting: 0, inFlight: 0 });
  });

  it('redelivers only the reported failures, with a growing ApproximateReceiveCount', async () => {
    let failures = 2;
    const { batches, consumer } = recording((event) => {
      const failing = event.Records.filter((r) => r.body === 'bad' && failures-- > 0);
      return { batchItemFailures: failing.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    queue = new IngestQueue(consumer, fast);

    queue.send('good');
    queue.send('bad');
    await queue.whenIdle();

    expect(batches.map(bodies)).toEqual([['good', 'bad'], ['bad'], ['bad']]);
    const counts = batches.map((b) => b.Records[0]?.attributes.ApproximateReceiveCount);
    expect(counts).toEqual(['1', '2', '3']);
    expect(queue.deadLetterList()).toEqual([]);
  });

  it('moves a message that fails maxReceiveCount times to the dead-letter list', async () => {
    const { batches, consumer } = recording((event) => ({
      batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
    }));
    queue = new IngestQueue(consumer, { ...fast, maxReceiveCount: 3 });

    queue.send('{"Records":[]}');
    await queue.whenIdle();

    expect(batches).toHaveLength(3);
    expect(queue.deadLetterList()).toEqual([
      expect.objectContaining({ receiveCount: 3, body: { Records: [] } }),
    ]);
    expect(queue.stats()).toMatchObject({ processed: 0, deadLettered: 1 });
  });

  it('fails the whole batch when the consumer throws', async () => {
    let calls = 0;
    const { batches, consumer } = recording(() => {
      calls += 1;
      if (calls === 1) throw new Error('function crashed');
      return ok();
    });
    queue = new IngestQueue(consumer, fast);

    queue.send('a');
    queue.send('b');
    await queue.whenIdle();

    expect(batches.map(bodies)).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    expect(queue.stats().processed).toBe(2);
  });

  it('fails the whole batch when a reported failure names no message of it, as Lambda does', async () => {
    let calls = 0;
    const { batches, consumer } = recording(() => {
      calls += 1;
      return { batchItemFailures: calls === 1 ? [{ itemIdentifier: '' }] : [] };
    });
    queue = new IngestQueue(consumer, fast);

    queue.send('a');
    queue.send('b');
    await queue.whenIdle();

    expect(batches.map(bodies)).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('keeps at most maxConcurrency batches in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const consumer: QueueConsumer = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight -= 1;
      return ok();
    };
    queue = new IngestQueue(consumer, { ...fast, batchSize: 1, maxConcurrency: 2 });

    for (const n of [1, 2, 3, 4, 5, 6]) queue.send(`m${n}`);
    await queue.whenIdle();

    expect(most).toBe(2);
  });

  it('skips an idle wait for invisible messages, keeping their order, when nothing is in flight', async () => {
    const { batches, consumer } = recording((event) => ({
      batchItemFailures: event.Records.filter(
        (r) => r.attributes.ApproximateReceiveCount === '1',
      ).map((r) => ({ itemIdentifier: r.messageId })),
    }));
    queue = new IngestQueue(consumer, {
      visibilityTimeoutMs: 360_000,
      backoffMultiplier: 1,
      maxVisibilityTimeoutMs: 360_000,
    });
    queue.send('a');
    queue.send('b');
    while (batches.length === 0 || queue.stats().inFlight > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    const skipped = queue.skipIdleWait(10);
    await queue.whenIdle();

    expect(skipped).toBeGreaterThan(359_000);
    expect(batches.map(bodies)).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('skips nothing while a batch is in flight', async () => {
    let finish: () => void = () => {};
    const consumer: QueueConsumer = () =>
      new Promise((resolve) => {
        finish = () => resolve(ok());
      });
    queue = new IngestQueue(consumer, fast);
    queue.send('a');
    await new Promise((resolve) => setTimeout(resolve, 5));

    const skipped = queue.skipIdleWait();
    finish();

    expect(skipped).toBe(0);
  });
});

describe('IngestQueue with a journal, across a crash', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ppe-queue-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A consumer that never answers, as in a process that is killed while it runs. */
  const hanging: QueueConsumer = () => new Promise(() => {});

  it('delivers to the next queue what a killed one had accepted, with its receives counted', async () => {
    const killed = new IngestQueue(hanging, fast, openDirectoryJournal(dir));
    killed.send('in flight');
    await new Promise((resolve) => setTimeout(resolve, 20));
    killed.send('waiting');
    void killed.stop();
    const { batches, consumer } = recording(ok);

    queue = new IngestQueue(consumer, fast, openDirectoryJournal(dir));
    await queue.whenIdle();

    const records = batches.flatMap((batch) => batch.Records);
    expect(records.map((r) => [r.body, r.attributes.ApproximateReceiveCount])).toEqual([
      ['in flight', '2'],
      ['waiting', '1'],
    ]);
    const again = new IngestQueue(consumer, fast, openDirectoryJournal(dir));
    expect(again.stats().waiting).toBe(0);
  });

  it('keeps the dead-letter list across a restart', async () => {
    const failing = recording((event) => ({
      batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
    }));
    const first = new IngestQueue(
      failing.consumer,
      { ...fast, maxReceiveCount: 2 },
      openDirectoryJournal(dir),
    );
    first.send('{"Records":[]}');
    await first.whenIdle();
    await first.stop();

    queue = new IngestQueue(recording(ok).consumer, fast, openDirectoryJournal(dir));

    expect(queue.deadLetterList()).toEqual([
      expect.objectContaining({ receiveCount: 2, body: { Records: [] } }),
    ]);
  });

  it('dead-letters, without delivering, a message whose last allowed receive ended in a crash', async () => {
    const killed = new IngestQueue(
      hanging,
      { ...fast, maxReceiveCount: 1 },
      openDirectoryJournal(dir),
    );
    killed.send('crashes the consumer');
    await new Promise((resolve) => setTimeout(resolve, 20));
    void killed.stop();
    const { batches, consumer } = recording(ok);

    queue = new IngestQueue(consumer, { ...fast, maxReceiveCount: 1 }, openDirectoryJournal(dir));
    await queue.whenIdle();

    expect(batches).toEqual([]);
    expect(queue.deadLetterList()).toEqual([
      expect.objectContaining({ receiveCount: 1, body: 'crashes the consumer' }),
    ]);
  });

  it('refuses a message it cannot write to disk, so that its sender does not count it accepted', async () => {
    queue = new IngestQueue(recording(ok).consumer, fast, openDirectoryJournal(dir));
    await rm(dir, { recursive: true, force: true });

    expect(() => queue?.send('lost?')).toThrow(/ENOENT/);
    expect(queue.stats().waiting).toBe(0);
  });
});
