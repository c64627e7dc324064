import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ExportChanges, IdentifiedChange } from '../lambda/core/export-changes.js';
import type { StreamChange } from './dynamodb-transactions.js';
import { writeDurably } from './queue-journal.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const image = (map: Record<string, unknown> | undefined) =>
  map ? unmarshall(map as Record<string, AttributeValue>) : undefined;

/**
 * The local stand-in for the results table's stream and the export function's event source
 * mapping: the proxy hands over each write's changes after it is applied, in the order of the
 * writes; they are kept (on disk under `spoolDir`, written before the write is answered) until
 * the same export use case as in the cloud has written their rows, retried in order after a
 * failure, and sent again after a restart if they had not been: at least once, never skipped.
 */
export class LocalExportStream {
  private readonly queue: { file?: string; changes: IdentifiedChange[] }[] = [];
  private sequence = 0;
  private running?: Promise<void>;
  private stopped = false;

  public constructor(
    private readonly exportChanges: ExportChanges,
    private readonly options: {
      spoolDir?: string;
      log?: (line: string) => void;
      retryMs?: number;
    } = {},
  ) {
    const { spoolDir } = options;
    if (!spoolDir) return;
    mkdirSync(spoolDir, { recursive: true });
    for (const file of readdirSync(spoolDir)
      .filter((name) => name.endsWith('.json'))
      .sort()) {
      const changes = JSON.parse(readFileSync(join(spoolDir, file), 'utf8')) as IdentifiedChange[];
      this.queue.push({ file: join(spoolDir, file), changes });
      this.sequence = Math.max(this.sequence, Number.parseInt(file, 10) + 1);
    }
    if (this.queue.length > 0) this.drain();
  }

  /** Takes one write's changes (called by the DynamoDB proxy before it answers the write). */
  public readonly accept = (changes: StreamChange[]): void => {
    if (changes.length === 0 || this.stopped) return;
    const seq = this.sequence++;
    const batch = changes.map((change, index) => {
      const newImage = image(change.newImage);
      const oldImage = image(change.oldImage);
      return {
        id: `${String(seq).padStart(12, '0')}-${index}`,
        eventName: change.eventName,
        ...(newImage ? { newImage } : {}),
        ...(oldImage ? { oldImage } : {}),
      };
    });
    const name = `${String(seq).padStart(12, '0')}.json`;
    const { spoolDir } = this.options;
    const file = spoolDir ? join(spoolDir, name) : undefined;
    // Whole or not at all: a runtime killed mid-write must still start again.
    if (spoolDir) writeDurably(spoolDir, name, batch);
    this.queue.push({ ...(file ? { file } : {}), changes: batch });
    this.drain();
  };

  private drain(): void {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const next = this.queue[0];
      if (!next) return;
      const { firstFailedId } = await this.exportChanges(next.changes).catch((error: unknown) => {
        this.options.log?.(`EXPORT failed, retrying: ${String(error)}`);
        return { firstFailedId: next.changes[0]?.id };
      });
      if (firstFailedId !== undefined) {
        const from = next.changes.findIndex((change) => change.id === firstFailedId);
        next.changes = next.changes.slice(Math.max(0, from));
        await sleep(this.options.retryMs ?? 500);
        continue;
      }
      this.queue.shift();
      if (next.file) rmSync(next.file, { force: true });
    }
  }

  /** How many writes' changes are still to be exported. */
  public pending(): number {
    return this.queue.length;
  }

  /** Resolves once every change accepted so far is exported. */
  public async idle(): Promise<void> {
    while (this.queue.length > 0 || this.running) {
      await (this.running ?? sleep(10));
    }
  }

  /** Stops taking and exporting changes; what is spooled stays for the next start. */
  public async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
