/** One named step of the smoke test. */
export interface Step<Context> {
  name: string;
  run(context: Context): Promise<void>;
}

/** How a run ended: the first failed step (or failed cleanup), if any. */
export interface RunOutcome {
  passed: boolean;
  /** The first step that failed; a failed cleanup counts when every step passed. */
  failedStep?: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The reason to print for a thrown value: the message alone, which names what went wrong. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const name = (error as { name?: string }).name;
    const sdk = name && name !== 'Error' && !error.message.includes(name) ? `${name}: ` : '';
    return `${sdk}${error.message}`;
  }
  return String(error);
}

/**
 * Runs the steps in order, printing one line per step (`✓ name (1.2 s)`, `✗ name: reason`,
 * `- name (skipped)` after a failure); then, whatever happened, the cleanups that the steps
 * registered, newest first, each on its own line.
 */
export async function runSteps<Context>(
  steps: Step<Context>[],
  context: Context,
  cleanups: Cleanup[],
  print: (line: string) => void,
): Promise<RunOutcome> {
  let failedStep: string | undefined;
  try {
    for (const step of steps) {
      if (failedStep !== undefined) {
        print(`- ${step.name} (skipped)`);
        continue;
      }
      const started = Date.now();
      try {
        await step.run(context);
        print(`✓ ${step.name} (${seconds(Date.now() - started)})`);
      } catch (error) {
        failedStep = step.name;
        print(`✗ ${step.name}: ${reasonOf(error)}`);
      }
    }
  } finally {
    const failedCleanup = await runCleanups(cleanups, print);
    failedStep ??= failedCleanup;
  }
  return failedStep === undefined ? { passed: true } : { passed: false, failedStep };
}

/** An undo action that a step registered. */
export interface Cleanup {
  name: string;
  undo: () => Promise<void>;
}

/**
 * Runs and removes the registered cleanups, newest first, one line each; every one is tried
 * even when another fails. Returns the name of the first that failed, if any.
 */
export async function runCleanups(
  cleanups: Cleanup[],
  print: (line: string) => void,
): Promise<string | undefined> {
  let failed: string | undefined;
  for (const cleanup of cleanups.splice(0).reverse()) {
    const started = Date.now();
    try {
      await cleanup.undo();
      print(`✓ ${cleanup.name} (${seconds(Date.now() - started)})`);
    } catch (error) {
      failed ??= cleanup.name;
      print(`✗ ${cleanup.name}: ${reasonOf(error)}`);
    }
  }
  return failed;
}
