import type { Log } from './log.js';
import type { Outcome, Sender } from './sender.js';
import type { Spool, SpoolEntry } from './spool.js';
import type { CameraCounts } from './status.js';

/** How the courier paces its attempts. */
export interface CourierSettings {
  /** Requests in flight at once for this camera. @default 2 */
  concurrency?: number;
  /** First back-off after a failure, in ms; it doubles per failure, with jitter. @default 1000 */
  baseBackoffMs?: number;
  /** Longest back-off or Retry-After honoured, in ms. @default 300000 */
  maxBackoffMs?: number;
}

/**
 * Delivers one camera's spooled frames, oldest first, a few at a time. A 2xx removes the frame;
 * a final refusal is logged with the server's message and removed; anything else leaves it in
 * the spool and holds the camera's deliveries for Retry-After or a growing, jittered back-off.
 */
export class Courier {
  private readonly inFlight = new Set<SpoolEntry>();
  private failures = 0;
  private notBefore = 0;
  private wake: (() => void) | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    readonly cameraId: string,
    private readonly spool: Spool,
    private readonly send: Sender,
    private readonly counts: CameraCounts,
    private readonly log: Log,
    private readonly settings: CourierSettings = {},
  ) {}

  /** Starts delivering in the background. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Tells the courier a frame was added. */
  poke(): void {
    this.wake?.();
  }

  /** Nothing waits in the spool and nothing is in flight. */
  get idle(): boolean {
    return this.spool.count(this.cameraId) === 0 && this.inFlight.size === 0;
  }

  /** Stops after the requests in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private backoffMs(): number {
    const base = this.settings.baseBackoffMs ?? 1000;
    const max = this.settings.maxBackoffMs ?? 300_000;
    const grown = Math.min(max, base * 2 ** Math.min(this.failures - 1, 20));
    return Math.round(grown / 2 + Math.random() * (grown / 2));
  }

  private async run(): Promise<void> {
    const concurrency = this.settings.concurrency ?? 2;
    const pending = new Set<Promise<void>>();
    while (!this.stopped) {
      const wait = this.notBefore - Date.now();
      if (wait > 0) {
        await this.nap(wait);
        continue;
      }
      const next = this.spool.waiting(this.cameraId).find((e) => !this.inFlight.has(e));
      if (!next || this.inFlight.size >= concurrency) {
        await (pending.size > 0 ? Promise.race([...pending, this.nap(1000)]) : this.nap(1000));
        continue;
      }
      this.inFlight.add(next);
      const attempt = this.deliver(next).finally(() => {
        this.inFlight.delete(next);
        pending.delete(attempt);
        this.wake?.();
      });
      pending.add(attempt);
    }
    await Promise.all(pending);
  }

  private async deliver(entry: SpoolEntry): Promise<void> {
    let jpeg: Buffer;
    try {
      jpeg = await this.spool.read(entry);
    } catch {
      await this.spool.remove(entry); // dropped from the spool meanwhile
      return;
    }
    const outcome = await this.send(entry.meta, jpeg).catch(
      (error: unknown): Outcome => ({ kind: 'retry', reason: (error as Error).message }),
    );
    const fields = { cameraId: this.cameraId, capturedAt: entry.meta.capturedAt };
    if (outcome.kind === 'delivered') {
      this.failures = 0;
      this.counts.delivered += 1;
      await this.spool.remove(entry);
      this.log('info', `delivered frame ${entry.meta.capturedAt} (${entry.meta.reason})`, {
        ...fields,
        event: 'delivered',
        reason: entry.meta.reason,
        ...(outcome.frameId ? { frameId: outcome.frameId } : {}),
      });
      return;
    }
    if (outcome.kind === 'refused') {
      this.counts.refused += 1;
      await this.spool.remove(entry);
      this.log(
        'error',
        `frame ${entry.meta.capturedAt} refused, not retried: HTTP ${outcome.status} ${outcome.message}`,
        {
          ...fields,
          event: 'refused',
          status: outcome.status,
          serverMessage: outcome.message,
        },
      );
      return;
    }
    this.failures += 1;
    this.counts.retried += 1;
    const max = this.settings.maxBackoffMs ?? 300_000;
    const delay =
      outcome.retryAfterMs !== undefined ? Math.min(max, outcome.retryAfterMs) : this.backoffMs();
    this.notBefore = Math.max(this.notBefore, Date.now() + delay);
    this.log(
      'warn',
      `frame ${entry.meta.capturedAt} not delivered (${outcome.reason}); retrying in ${(delay / 1000).toFixed(1)} s`,
      {
        ...fields,
        event: 'retry',
        error: outcome.reason,
        delayMs: delay,
      },
    );
  }
}
