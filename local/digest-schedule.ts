/** What the schedule runs and how often. */
export interface DigestScheduleOptions {
  /** One run of the alert-digest function, as its EventBridge rule invokes it. */
  run: () => Promise<unknown>;
  /** Time between runs, in ms. The deployed rule runs every minute. */
  intervalMs: number;
  onError?: (message: string) => void;
}

/** A running schedule. */
export interface DigestSchedule {
  /** Runs once now, after the run in progress; resolves when it is done. */
  runOnce(): Promise<void>;
  /** Stops the timer and waits for the run in progress. */
  stop(): Promise<void>;
}

/**
 * Stands in for the EventBridge schedule of the alert digest: runs it every `intervalMs`, one
 * run at a time (a run still going when the next is due delays it), and reports failures.
 */
export function startDigestSchedule(options: DigestScheduleOptions): DigestSchedule {
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  const runOnce = () => {
    chain = chain.then(async () => {
      if (stopped) return;
      try {
        await options.run();
      } catch (error) {
        options.onError?.(`The alert digest failed: ${String(error)}`);
      }
    });
    return chain;
  };
  const timer = setInterval(() => void runOnce(), options.intervalMs);
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
