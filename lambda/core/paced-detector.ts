import type { Detector } from './ports.js';

/** Time as the pacer sees it; tests pass a fake one. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const systemClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Spaces calls out to a steady rate. */
export interface CallPacer {
  /** Resolves when the next call may start. */
  wait(): Promise<void>;
}

/**
 * Paces calls at `callsPerSecond`, evenly spaced and without bursts: a call that finds the pace
 * free starts at once, the others wait for their slot in turn. Idle time is not saved up, so a
 * container never sends more than its share of a TPS quota in any second.
 */
export function makeCallPacer(callsPerSecond: number, clock: PacerClock = systemClock): CallPacer {
  if (!(callsPerSecond > 0)) throw new Error('callsPerSecond must be above 0');
  const interval = 1000 / callsPerSecond;
  let nextSlot = Number.NEGATIVE_INFINITY;
  return {
    async wait() {
      const now = clock.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + interval;
      if (slot > now) await clock.sleep(slot - now);
    },
  };
}

/**
 * The detector with its calls paced, so that the S3 path's containers together stay within the
 * Rekognition quota instead of running into ThrottlingException and SQS redelivery.
 */
export function pacedDetector(detector: Detector, pacer: CallPacer): Detector {
  return {
    async detect(image, requirement) {
      await pacer.wait();
      return detector.detect(image, requirement);
    },
  };
}
