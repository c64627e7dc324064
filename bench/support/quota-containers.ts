import { Worker } from 'node:worker_threads';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueConsumer } from '../../local/ingest-queue.js';
import { DetectorTap } from './quota-detector-tap.js';

/** A batch sent to a container. */
export interface ContainerRequest {
  id: number;
  event: SQSEvent;
}

/** A container's answer: the handler's response (or what it threw) and how long it ran. */
export type ContainerReply = { id: number; durationMs: number } & (
  | { response: SQSBatchResponse }
  | { error: string }
);

/** One handler invocation as the pool saw it. */
export interface Invocation {
  container: number;
  records: number;
  failures: number;
  durationMs: number;
}

interface Container {
  index: number;
  worker: Worker;
  tap: DetectorTap;
}

/** The worker entry, loaded through tsx's loader (workers do not inherit it on Node 20). */
const ENTRY = new URL('./quota-container.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');
const BOOT = `import(${JSON.stringify(TSX)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); })`;

/**
 * The s3-ingest function's containers: `size` worker threads, each a separate instance of the
 * production entry with its own Rekognition client behind its own {@link DetectorTap}. Batches go
 * to an idle container, one at a time per container, as Lambda routes them.
 */
export class ContainerPool {
  private readonly idle: Container[] = [];
  private readonly waiters: ((container: Container) => void)[] = [];
  private readonly pending = new Map<number, (reply: ContainerReply) => void>();
  private nextId = 0;
  /** Every invocation so far, in the order they ended. */
  readonly invocations: Invocation[] = [];

  private constructor(private readonly containers: Container[]) {
    for (const container of containers) {
      container.worker.on('message', (message: ContainerReply | { ready: true }) => {
        if ('id' in message) this.pending.get(message.id)?.(message);
      });
    }
    this.idle.push(...containers);
  }

  /**
   * Starts `size` warm containers with the process environment plus `env`, their Rekognition
   * clients pointed at taps in front of `detectorUrl`.
   */
  static async start(options: {
    size: number;
    env: Record<string, string>;
    region: string;
    detectorUrl: string;
    successesByKey: Map<string, number>;
  }): Promise<ContainerPool> {
    const containers = await Promise.all(
      Array.from({ length: options.size }, async (_, index): Promise<Container> => {
        const tap = await DetectorTap.start(options.detectorUrl, options.successesByKey);
        const worker = new Worker(BOOT, {
          eval: true,
          workerData: { region: options.region },
          env: { ...process.env, ...options.env, AWS_ENDPOINT_URL_REKOGNITION: tap.url },
        });
        await new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        });
        return { index, worker, tap };
      }),
    );
    return new ContainerPool(containers);
  }

  /** The queue consumer: runs the batch in an idle container. */
  readonly consume: QueueConsumer = async (event) => {
    const container = await this.acquire();
    try {
      const reply = await this.run(container, event);
      const failures = 'response' in reply ? reply.response.batchItemFailures.length : 0;
      this.invocations.push({
        container: container.index,
        records: event.Records.length,
        failures: 'error' in reply ? event.Records.length : failures,
        durationMs: reply.durationMs,
      });
      if ('error' in reply) throw new Error(reply.error);
      return reply.response;
    } finally {
      this.release(container);
    }
  };

  /** What each container's Rekognition client did. */
  clientCalls() {
    return this.containers.map((container) => container.tap.calls());
  }

  async stop(): Promise<void> {
    for (const container of this.containers) {
      await container.worker.terminate();
      await container.tap.close();
    }
  }

  private run(container: Container, event: SQSEvent): Promise<ContainerReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (reply) => {
        this.pending.delete(id);
        resolve(reply);
      });
      container.worker.postMessage({ id, event } satisfies ContainerRequest);
    });
  }

  private acquire(): Promise<Container> {
    const container = this.idle.shift();
    if (container) return Promise.resolve(container);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(container: Container): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(container);
    else this.idle.push(container);
  }
}
