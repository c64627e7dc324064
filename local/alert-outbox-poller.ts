import { createHash, randomUUID } from 'node:crypto';
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamChange } from './dynamodb-transactions.js';

/** What the poller reads and whom it hands the pending alerts to. */
export interface AlertOutboxPollerOptions {
  client: DynamoDBClient;
  tableName: string;
  region: string;
  /** The alert-publisher Lambda handler, as the stream's event source mapping calls it. */
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  /** How often the table is checked after a write. @default 250 */
  intervalMs?: number;
  /** First delay before a failed record is tried again; it doubles each time. @default 1000 */
  retryDelayMs?: number;
  /** Ceiling of that delay. @default 30000 */
  maxRetryDelayMs?: number;
  /** Tries before a record goes to the dead-letter list (the mapping's retries + 1). @default 11 */
  maxAttempts?: number;
  onError?: (message: string) => void;
}

/** A stream record the publisher failed on every time, as the on-failure queue keeps it. */
export interface AlertDeadLetter {
  queue: 'alert-publisher-on-failure';
  frameId: string;
  attempts: number;
  deadLetteredAt: string;
}

type Item = Record<string, AttributeValue>;
interface Pending {
  id: string;
  record: DynamoDBRecord;
  attempts: number;
  retryAt: number;
}

/** Records per batch, as the deployed stream mapping sends them. */
const BATCH_SIZE = 10;

/** One PENDING image of a frame record: a write that the stream would carry. */
const imageId = (item: Item) =>
  `${item.pk?.S}#${createHash('sha256').update(JSON.stringify(item)).digest('hex')}`;

/** A frame record's image whose alert is PENDING: what the deployed stream's filter lets through. */
const isPendingFrame = (item: Item | undefined): item is Item =>
  item?.sk?.S === 'FRAME' && item.alertState?.S === 'PENDING';

/**
 * Stands in for DynamoDB Streams, which dynalite lacks, for the alert publisher. Frame records
 * whose alert is PENDING (what the stream's filter lets through) come from the DynamoDB proxy's
 * applied writes (`accept`), each new image once, as the stream carries them; the first poll
 * also scans the table once, for what was written before this runtime started (a `--data-dir`
 * restart). Each such image becomes one MODIFY stream record, handed to the alert-publisher
 * handler once. A record it fails on is handed over again, unchanged, after a growing delay, as
 * the stream retries it, and after `maxAttempts` it goes to the dead-letter list. Polls never
 * overlap, so no record is in two deliveries at once. (It scanned the whole table after every
 * write before, which slowed the local runtime down as the table grew.)
 */
export class AlertOutboxPoller {
  private readonly intervalMs: number;
  /** Images already handed over (or given up on), by frame key and content. */
  private readonly seen = new Set<string>();
  private readonly retrying = new Map<string, Pending>();
  private readonly deadLetters: AlertDeadLetter[] = [];
  /** PENDING images from applied writes, not yet turned into records. */
  private candidates: Item[] = [];
  private scanned = false;
  private sequence = 0;
  private dirty = true;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: AlertOutboxPollerOptions) {
    this.intervalMs = options.intervalMs ?? 250;
  }

  /** Starts polling; a write to the table (see `markDirty`) makes the next tick scan. */
  start(): void {
    this.timer = setInterval(() => {
      const now = Date.now();
      const retryDue = [...this.retrying.values()].some((pending) => pending.retryAt <= now);
      if (this.dirty || retryDue) this.pollOnce().catch(() => {});
    }, this.intervalMs);
  }

  /** Tells the poller that the table changed. */
  markDirty(): void {
    this.dirty = true;
  }

  /** Takes one applied write's changes (the proxy's `onCommit`): its PENDING frame images. */
  readonly accept = (changes: readonly StreamChange[]): void => {
    for (const change of changes) {
      const image = change.newImage as Item | undefined;
      if (isPendingFrame(image)) this.candidates.push(image);
    }
    if (changes.length > 0) this.dirty = true;
  };

  /** The records given up on, oldest first. */
  deadLetterList(): AlertDeadLetter[] {
    return [...this.deadLetters];
  }

  /**
   * Scans once and hands over what is new or due; resolves to the number of records still to be
   * handled (new ones found since, and those waiting for a retry). Calls queue behind each other.
   */
  pollOnce(): Promise<number> {
    const next = this.chain.then(() => (this.stopped ? 0 : this.poll()));
    this.chain = next.catch(() => {});
    return next;
  }

  /** Stops polling and waits for the poll in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.chain;
  }

  private async scanPending(): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.options.client.send(
        new ScanCommand({
          TableName: this.options.tableName,
          FilterExpression: 'sk = :frame AND alertState = :pending',
          ExpressionAttributeValues: { ':frame': { S: 'FRAME' }, ':pending': { S: 'PENDING' } },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** New PENDING images become records; the ones seen before are the stream's past. */
  private async newRecords(): Promise<Pending[]> {
    const fresh: Pending[] = [];
    const images = this.candidates.splice(0);
    if (!this.scanned) {
      images.unshift(...(await this.scanPending()));
      this.scanned = true;
    }
    for (const item of images) {
      const id = imageId(item);
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      fresh.push({ id, record: this.toStreamRecord(item), attempts: 0, retryAt: 0 });
    }
    return fresh;
  }

  private async poll(): Promise<number> {
    this.dirty = false;
    const now = Date.now();
    const due = [...this.retrying.values()].filter((pending) => pending.retryAt <= now);
    const batch = [...due, ...(await this.newRecords())];
    for (let start = 0; start < batch.length; start += BATCH_SIZE) {
      await this.deliver(batch.slice(start, start + BATCH_SIZE));
    }
    const unseen = this.candidates.filter((item) => !this.seen.has(imageId(item)));
    return this.retrying.size + unseen.length;
  }

  private async deliver(batch: Pending[]): Promise<void> {
    let failedFrom = -1;
    try {
      const response = await this.options.handler({ Records: batch.map((p) => p.record) });
      const failed = new Set(response?.batchItemFailures?.map((f) => f.itemIdentifier) ?? []);
      failedFrom = batch.findIndex((p) => failed.has(p.record.dynamodb?.SequenceNumber ?? ''));
    } catch (error) {
      this.options.onError?.(`The alert publisher failed on a batch: ${String(error)}`);
      failedFrom = 0;
    }
    // As the stream does on a reported failure: the batch is retried from the failed record on.
    batch.forEach((pending, index) => {
      if (failedFrom < 0 || index < failedFrom) this.retrying.delete(pending.id);
      else this.retryLater(pending);
    });
  }

  private retryLater(pending: Pending): void {
    pending.attempts += 1;
    const frameId = pending.record.dynamodb?.NewImage?.frameId?.S ?? '?';
    if (pending.attempts >= (this.options.maxAttempts ?? 11)) {
      this.retrying.delete(pending.id);
      this.deadLetters.push({
        queue: 'alert-publisher-on-failure',
        frameId,
        attempts: pending.attempts,
        deadLetteredAt: new Date().toISOString(),
      });
      this.options.onError?.(`Alert for frame ${frameId} given up after ${pending.attempts} tries`);
      return;
    }
    const delay = Math.min(
      (this.options.retryDelayMs ?? 1000) * 2 ** (pending.attempts - 1),
      this.options.maxRetryDelayMs ?? 30_000,
    );
    pending.retryAt = Date.now() + delay;
    this.retrying.set(pending.id, pending);
    this.options.onError?.(
      `Alert for frame ${frameId} not handled (try ${pending.attempts}); again in ${delay} ms`,
    );
  }

  private toStreamRecord(item: Item): DynamoDBRecord {
    this.sequence += 1;
    const { region, tableName } = this.options;
    return {
      eventID: randomUUID().replace(/-/g, ''),
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: { pk: item.pk, sk: item.sk } as never,
        NewImage: item as never,
        SequenceNumber: String(this.sequence).padStart(21, '0'),
        SizeBytes: JSON.stringify(item).length,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: `arn:aws:dynamodb:${region}:000000000000:table/${tableName}/stream/local`,
    };
  }
}
