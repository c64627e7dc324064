import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueJournal } from './queue-journal.js';

/** How the queue and its event source mapping behave; the defaults follow the deployed stack. */
export interface IngestQueueOptions {
  /** Messages per batch handed to the consumer. @default 5 */
  batchSize: number;
  /** Batches in flight at once (the mapping's maximum concurrency). @default 4 */
  maxConcurrency: number;
  /** Receives before a message moves to the dead-letter list. @default 5 */
  maxReceiveCount: number;
  /** Delay before a failed message is visible again, after its first receive. @default 1000 */
  visibilityTimeoutMs: number;
  /** Factor by which that delay grows with every further receive. @default 2 */
  backoffMultiplier: number;
  /** Ceiling of the delay. @default 30000 */
  maxVisibilityTimeoutMs: number;
  region: string;
  queueName: string;
}

/** The consumer: a Lambda handler on SQS, which may report partial batch failures. */
export type QueueConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

/** A message that failed `maxReceiveCount` times. */
export interface DeadLetter {
  /** The dead-letter queue's name. */
  queue: string;
  messageId: string;
  receiveCount: number;
  sentAt: string;
  deadLetteredAt: string;
  body: unknown;
}

/** A message as it was sent, for `GET /local/queue`. */
export interface SentMessage {
  messageId: string;
  sentAt: string;
  body: unknown;
}

/** Counts for `GET /local/queue` and for tests. */
export interface QueueStats {
  /** Waiting to be received, now or after their visibility delay. */
  waiting: number;
  inFlight: number;
  /** Receives so far: more than the messages sent when some were redelivered. */
  received: number;
  /** Deleted after the consumer succeeded with them. */
  processed: number;
  deadLettered: number;
}

interface Message {
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  visibleAt: number;
}

/** The deployed stack's settings: batches of 5, 4 at a time, 5 receives before the DLQ. */
export const DEFAULT_QUEUE_OPTIONS: IngestQueueOptions = {
  batchSize: 5,
  maxConcurrency: 4,
  maxReceiveCount: 5,
  visibilityTimeoutMs: 1000,
  backoffMultiplier: 2,
  maxVisibilityTimeoutMs: 30_000,
  region: 'us-east-1',
  queueName: 'ppe-ingest-queue',
};

/** Sent messages kept for `GET /local/queue`, newest last. */
const SENT_KEPT = 100;

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
};

/**
 * The ingest queue and its event source mapping in one: messages go to the consumer in batches,
 * a batch item failure (or a thrown error, for the whole batch) makes the message visible again
 * after a growing delay, and after `maxReceiveCount` receives it moves to the dead-letter list.
 * With a journal, every message, receive count and dead letter is on disk before it counts, and
 * what a killed process left is delivered again (its receives counted) when the next one starts.
 */
export class IngestQueue {
  private readonly options: IngestQueueOptions;
  private readonly waiting: Message[] = [];
  private readonly deadLetters: DeadLetter[] = [];
  private readonly sent: SentMessage[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly inFlightBatches = new Set<Message[]>();
  private inFlight = 0;
  private inFlightMessages = 0;
  private processed = 0;
  private received = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly consumer: QueueConsumer,
    options: Partial<IngestQueueOptions> = {},
    private readonly journal?: QueueJournal,
  ) {
    this.options = { ...DEFAULT_QUEUE_OPTIONS, ...options };
    if (!journal) return;
    const { messages, deadLetters } = journal.load();
    // The process that received them is gone: they are visible again at once.
    const now = Date.now();
    for (const message of messages) this.waiting.push({ ...message, visibleAt: now });
    this.deadLetters.push(...deadLetters);
    if (messages.length > 0) this.schedule(0);
  }

  /**
   * Sends a message, as S3's notification or `aws sqs send-message` would; returns its id once
   * the message is accepted (with a journal: on disk). Throws when it cannot be kept.
   */
  send(body: string): string {
    const messageId = randomUUID();
    const now = Date.now();
    const message: Message = { messageId, body, sentAt: now, receiveCount: 0, visibleAt: now };
    this.journal?.save(this.kept(message));
    this.waiting.push(message);
    this.sent.push({ messageId, sentAt: new Date(now).toISOString(), body: parse(body) });
    if (this.sent.length > SENT_KEPT) this.sent.shift();
    this.schedule(0);
    return messageId;
  }

  stats(): QueueStats {
    return {
      waiting: this.waiting.length,
      inFlight: this.inFlightMessages,
      received: this.received,
      processed: this.processed,
      deadLettered: this.deadLetters.length,
    };
  }

  /** The last messages sent, oldest first. */
  sentMessages(): SentMessage[] {
    return [...this.sent];
  }

  /** The dead-letter list, oldest first. */
  deadLetterList(): DeadLetter[] {
    return [...this.deadLetters];
  }

  /** The bodies of every message the queue holds: waiting, in flight or dead-lettered. */
  heldBodies(): string[] {
    return [
      ...this.waiting.map((message) => message.body),
      ...[...this.inFlightBatches].flatMap((batch) => batch.map((message) => message.body)),
      ...this.deadLetters.map((letter) => JSON.stringify(letter.body)),
    ];
  }

  /** Resolves when no message is waiting or in flight. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Lets idle time pass at once, so that a benchmark can keep a long visibility timeout (the
   * deployed 6 minutes) without waiting it out: when no batch is in flight and every waiting
   * message is still invisible, moves their visibility `marginMs` from now, keeping the gaps
   * between them. Returns the ms skipped, 0 when something is in flight or visible.
   */
  skipIdleWait(marginMs = 0): number {
    if (this.inFlight > 0 || this.waiting.length === 0) return 0;
    const now = Date.now();
    const next = Math.min(...this.waiting.map((message) => message.visibleAt));
    const skipped = next - (now + marginMs);
    if (skipped <= 0) return 0;
    for (const message of this.waiting) message.visibleAt -= skipped;
    this.schedule(marginMs);
    return skipped;
  }

  /** Stops delivering, and waits for the batches in flight to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.running]);
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.inFlight === 0;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), Math.max(0, delayMs));
  }

  /** Starts as many batches as visible messages and free concurrency allow. */
  private pump(): void {
    this.timer = undefined;
    this.deadLetterExhausted();
    this.resolveIdleWaiters();
    while (!this.stopped && this.inFlight < this.options.maxConcurrency) {
      const now = Date.now();
      const batch = this.waiting
        .filter((message) => message.visibleAt <= now)
        .slice(0, this.options.batchSize);
      if (batch.length === 0) break;
      for (const message of batch) this.waiting.splice(this.waiting.indexOf(message), 1);
      this.inFlight += 1;
      this.inFlightMessages += batch.length;
      this.inFlightBatches.add(batch);
      const run = this.deliver(batch).finally(() => {
        this.inFlight -= 1;
        this.inFlightMessages -= batch.length;
        this.inFlightBatches.delete(batch);
        this.running.delete(run);
        this.afterBatch();
      });
      this.running.add(run);
    }
    const next = Math.min(...this.waiting.map((message) => message.visibleAt));
    if (Number.isFinite(next) && this.inFlight < this.options.maxConcurrency) {
      this.schedule(next - Date.now());
    }
  }

  private afterBatch(): void {
    this.resolveIdleWaiters();
    this.schedule(0);
  }

  private resolveIdleWaiters(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async deliver(batch: Message[]): Promise<void> {
    const now = Date.now();
    const records = batch.map((message) => {
      message.receiveCount += 1;
      this.received += 1;
      message.firstReceivedAt ??= now;
      // Counted before the consumer runs, as SQS counts a receive: a crash in it still counts.
      this.journal?.save(this.kept(message));
      return this.toRecord(message);
    });
    let failed: Set<string>;
    try {
      const response = await this.consumer({ Records: records });
      const ids = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
      // As Lambda does: an identifier that names no message of the batch fails the whole batch.
      const known = new Set(batch.map((message) => message.messageId));
      failed = ids.every((id) => known.has(id)) ? new Set(ids) : known;
    } catch {
      failed = new Set(batch.map((message) => message.messageId));
    }
    for (const message of batch) {
      if (!failed.has(message.messageId)) {
        this.processed += 1;
        this.journal?.remove(message.messageId);
      } else this.retryOrDeadLetter(message);
    }
  }

  /** What the journal keeps of a message: all but its visibility, which a restart resets. */
  private kept({ visibleAt: _visibleAt, ...message }: Message) {
    return message;
  }

  private moveToDeadLetters(message: Message): void {
    const letter: DeadLetter = {
      queue: `${this.options.queueName}-dlq`,
      messageId: message.messageId,
      receiveCount: message.receiveCount,
      sentAt: new Date(message.sentAt).toISOString(),
      deadLetteredAt: new Date().toISOString(),
      body: parse(message.body),
    };
    this.journal?.deadLetter(letter);
    this.deadLetters.push(letter);
  }

  /**
   * Dead-letters, instead of delivering, a message already received `maxReceiveCount` times, as
   * SQS does: only a journal's message, whose last receive ended in a crash, gets here.
   */
  private deadLetterExhausted(): void {
    for (const message of [...this.waiting]) {
      if (message.receiveCount < this.options.maxReceiveCount) continue;
      this.waiting.splice(this.waiting.indexOf(message), 1);
      this.moveToDeadLetters(message);
    }
  }

  private retryOrDeadLetter(message: Message): void {
    const { maxReceiveCount, visibilityTimeoutMs, backoffMultiplier, maxVisibilityTimeoutMs } =
      this.options;
    if (message.receiveCount >= maxReceiveCount) {
      this.moveToDeadLetters(message);
      return;
    }
    const delay = visibilityTimeoutMs * backoffMultiplier ** (message.receiveCount - 1);
    message.visibleAt = Date.now() + Math.min(delay, maxVisibilityTimeoutMs);
    this.waiting.push(message);
  }

  private toRecord(message: Message): SQSRecord {
    const { region, queueName } = this.options;
    return {
      messageId: message.messageId,
      receiptHandle: randomUUID(),
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'AROAS3NOTIFICATIONS:s3.amazonaws.com',
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${region}:000000000000:${queueName}`,
      awsRegion: region,
    };
  }
}
