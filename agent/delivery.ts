import type { CameraSettings } from './config.js';
import { Courier } from './courier.js';
import type { Log } from './log.js';
import { makeSender, type Sender } from './sender.js';
import { Spool } from './spool.js';
import { type CameraCounts, newCounts } from './status.js';

/** The spool and one courier per camera: what keeps picked frames until they are delivered. */
export class Delivery {
  readonly spool: Spool;
  private readonly couriers = new Map<string, Courier>();
  private readonly counts = new Map<string, CameraCounts>();

  constructor(
    spoolDir: string,
    spoolMaxMb: number,
    private readonly log: Log,
    private readonly senderFor: (cameraId: string) => Sender,
  ) {
    this.spool = new Spool(spoolDir, spoolMaxMb * 1024 * 1024);
  }

  /** Opens the spool and starts delivering what an earlier run left in it. */
  async open(countsFor: (cameraId: string) => CameraCounts): Promise<void> {
    await this.spool.open();
    for (const cameraId of this.spool.cameras()) {
      this.log(
        'info',
        `${this.spool.count(cameraId)} frame(s) from an earlier run wait in the spool: sending them`,
        { cameraId, event: 'spool-resume' },
      );
      this.courier(cameraId, countsFor(cameraId)).start();
    }
  }

  /** The courier of a camera, started on first use. */
  courier(cameraId: string, counts: CameraCounts = this.countsOf(cameraId)): Courier {
    let courier = this.couriers.get(cameraId);
    if (!courier) {
      this.counts.set(cameraId, counts);
      courier = new Courier(cameraId, this.spool, this.senderFor(cameraId), counts, this.log);
      this.couriers.set(cameraId, courier);
      courier.start();
    }
    return courier;
  }

  /** Counts of a camera that only the spool knows (left by an earlier run). */
  countsOf(cameraId: string): CameraCounts {
    let counts = this.counts.get(cameraId);
    if (!counts) {
      counts = newCounts();
      this.counts.set(cameraId, counts);
    }
    return counts;
  }

  /** Every camera with counts: configured or found in the spool. */
  cameraIds(): string[] {
    return [...this.counts.keys()];
  }

  /**
   * Waits until every courier is idle, giving up after `timeoutSeconds` without a delivery.
   * Then stops the couriers. Resolves to the number of frames left in the spool.
   */
  async drain(timeoutSeconds: number): Promise<number> {
    let last = this.spool.count();
    let lastProgress = Date.now();
    while (![...this.couriers.values()].every((c) => c.idle)) {
      const now = this.spool.count();
      if (now < last) {
        last = now;
        lastProgress = Date.now();
      }
      if (Date.now() - lastProgress > timeoutSeconds * 1000) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all([...this.couriers.values()].map((c) => c.stop()));
    return this.spool.count();
  }
}

/** One sender per distinct destination, shared by the cameras that use it. */
export function sendersByTarget(cameras: CameraSettings[], fallback: CameraSettings['target']) {
  const cache = new Map<string, Sender>();
  const byCamera = new Map(cameras.map((c) => [c.id, c.target]));
  return (cameraId: string): Sender => {
    const target = byCamera.get(cameraId) ?? fallback;
    const key = JSON.stringify(target);
    let sender = cache.get(key);
    if (!sender) {
      sender = makeSender(target);
      cache.set(key, sender);
    }
    return sender;
  };
}
