import { Worker } from 'node:worker_threads';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueConsumer } from '../../local/ingest-queue.js';

/** A batch sent to a container, and the container's answer with how long the handler ran. */
export type ContainerRequest = { id: number; event: SQSEvent };
export type ContainerReply = { id: number; durationMs: number } & (
  | { response: SQSBatchResponse }
  | { error: string }
);

/** One handler invocation as the pool saw it. */
export interface Invocation {
  records: number;
  failures: number;
  durationMs: number;
}

/** The worker entry, loaded through tsx's loader (workers do not inherit it on Node 20). */
const ENTRY = new URL('./quota-container.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');
const BOOT = `import(${JSON.stringify(TSX)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); })`;

/**
 * The s3-ingest function's containers: worker threads, each a separate instance of the
 * production entry, hence with its own Rekognition client (adaptive retry state) and its own
 * pacer, as in the cloud. A batch goes to an idle container, one at a time per container.
 */
export class ContainerPool {
  private readonly idle: Worker[];
  private readonly waiters: ((worker: Worker) => void)[] = [];
  private readonly pending = new Map<number, (reply: ContainerReply) => void>();
  private nextId = 0;
  /** Every invocation so far, in the order they ended. */
  readonly invocations: Invocation[] = [];

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (reply: ContainerReply) => this.pending.get(reply.id)?.(reply));
    }
    this.idle = [...workers];
  }

  /** Starts `size` warm containers with this process's environment plus `env`. */
  static async start(size: number, env: Record<string, string>): Promise<ContainerPool> {
    const workers = await Promise.all(
      Array.from({ length: size }, async () => {
        const worker = new Worker(BOOT, { eval: true, env: { ...process.env, ...env } });
        await new Promise((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
        return worker;
      }),
    );
    return new ContainerPool(workers);
  }

  /** The queue consumer: runs the batch in an idle container. */
  readonly consume: QueueConsumer = async (event) => {
    const worker =
      this.idle.shift() ?? (await new Promise<Worker>((resolve) => this.waiters.push(resolve)));
    try {
      const id = this.nextId++;
      const reply = await new Promise<ContainerReply>((resolve) => {
        this.pending.set(id, resolve);
        worker.postMessage({ id, event } satisfies ContainerRequest);
      });
      this.pending.delete(id);
      const failures =
        'response' in reply ? reply.response.batchItemFailures.length : event.Records.length;
      this.invocations.push({
        records: event.Records.length,
        failures,
        durationMs: reply.durationMs,
      });
      if ('error' in reply) throw new Error(reply.error);
      return reply.response;
    } finally {
      const waiter = this.waiters.shift();
      if (waiter) waiter(worker);
      else this.idle.push(worker);
    }
  };

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
