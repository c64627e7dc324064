import { parseArgs } from 'node:util';
import { type CloudClients, openCloudTarget } from './cloud/cloud-target.js';
import { openLocalTarget } from './local-target.js';
import { type Cleanup, runCleanups, runSteps } from './runner.js';
import { newRunId, type SmokeContext, smokeSteps } from './steps.js';

/** `--help`. */
export const USAGE = `Usage: npm run smoke -- [--stack-name NAME] [--region REGION] [--timeout S]
       npm run smoke -- --local [--api-url URL] [--timeout S]

Checks a deployed PpeDetection stack (or the local runtime) end to end with the fixture frame
(four workers without gloves): posts it signed with SigV4 under requirements it meets and under
HAND_COVER, checks the verdicts, reads the result back, drops it into the ingest bucket and
waits for its result, and receives both alerts through a temporary SQS subscription to the alert
topic. Then it removes the subscription, the queue and the uploaded object; the results stay in
the table as audit records (cameras smoke-<run>-api and smoke-<run>-s3).

Options:
  --stack-name NAME  the deployed stack (default PpeDetection)
  --region REGION    its region (default: AWS_REGION or your profile's)
  --timeout S        how long to wait for the S3 result and for each alert
                     (default 300 in the cloud, 60 locally)
  --local            test the local runtime (npm start) instead: no AWS account needed
  --api-url URL      the local runtime's API (default http://127.0.0.1:3000)
  -h, --help         this text

Exit codes: 0 every step passed; 1 a step failed (the last line names it); 2 bad arguments.`;

/** A command-line mistake: exit code 2 with a message naming the flag. */
export class UsageError extends Error {}

/** The parsed command line. */
export type SmokeOptions =
  | { help: true }
  | { help: false; mode: 'local'; apiUrl: string; waitMs: number }
  | { help: false; mode: 'cloud'; stackName: string; region?: string; waitMs: number };

function timeoutFrom(text: string | undefined, fallbackSeconds: number): number {
  if (text === undefined) return fallbackSeconds * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
    throw new UsageError(`--timeout must be a number of seconds from 1 to 3600, not "${text}"`);
  }
  return seconds * 1000;
}

/** Parses the flags; an unknown flag, a missing value or a flag of the other mode names itself. */
export function parseSmokeArgs(argv: string[]): SmokeOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'stack-name': { type: 'string' },
        region: { type: 'string' },
        timeout: { type: 'string' },
        local: { type: 'boolean' },
        'api-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  const text = (name: string) => values[name] as string | undefined;
  if (values.local) {
    for (const flag of ['stack-name', 'region']) {
      if (values[flag] !== undefined)
        throw new UsageError(`--${flag} is for a deployed stack, not with --local`);
    }
    const apiUrl = text('api-url') ?? 'http://127.0.0.1:3000';
    if (!URL.canParse(apiUrl) || !/^https?:$/.test(new URL(apiUrl).protocol)) {
      throw new UsageError(`--api-url must be an http(s) URL, not "${apiUrl}"`);
    }
    return { help: false, mode: 'local', apiUrl, waitMs: timeoutFrom(text('timeout'), 60) };
  }
  if (values['api-url'] !== undefined) {
    throw new UsageError(
      '--api-url is for the local runtime: add --local (a stack gives its own URL)',
    );
  }
  const stackName = text('stack-name') ?? 'PpeDetection';
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) {
    throw new UsageError(`--stack-name must be a CloudFormation stack name, not "${stackName}"`);
  }
  const region = text('region');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new UsageError(`--region must be a region such as eu-west-1, not "${region}"`);
  }
  return {
    help: false,
    mode: 'cloud',
    stackName,
    ...(region !== undefined ? { region } : {}),
    waitMs: timeoutFrom(text('timeout'), 300),
  };
}

/** Where the CLI writes, and the cloud clients to use (tests pass mocked ones). */
export interface SmokeIo {
  out: (line: string) => void;
  err: (line: string) => void;
  cloudClients?: CloudClients;
  /**
   * Receives the action that removes what the run created so far; main.ts calls it on SIGINT
   * or SIGTERM before exiting, so an interrupted run leaves nothing behind either.
   */
  onInterrupt?: (cleanUp: () => Promise<void>) => void;
}

/** Runs the smoke test for a command line and returns the exit code. */
export async function runSmoke(argv: string[], io: SmokeIo): Promise<number> {
  let options: SmokeOptions;
  try {
    options = parseSmokeArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`smoke: ${error.message} (see --help)`);
    return 2;
  }
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  const runId = newRunId();
  const cleanups: Cleanup[] = [];
  io.onInterrupt?.(async () => {
    io.out('Interrupted: removing what the run created');
    await runCleanups(cleanups, io.out);
  });
  const context: SmokeContext = {
    runId,
    alerts: new Map(),
    cleanup: (name, undo) => cleanups.push({ name, undo }),
    open: async () => {
      const target =
        options.mode === 'local'
          ? await openLocalTarget({ apiUrl: options.apiUrl, waitMs: options.waitMs })
          : await openCloudTarget(
              {
                stackName: options.stackName,
                ...(options.region ? { region: options.region } : {}),
                waitMs: options.waitMs,
                runId,
              },
              io.cloudClients,
            );
      io.out(`  testing ${target.description}, run ${runId}`);
      return target;
    },
  };
  const first = options.mode === 'local' ? 'read local endpoints' : 'read stack outputs';
  const outcome = await runSteps(smokeSteps(first), context, cleanups, io.out);
  if (outcome.passed) {
    io.out(`Smoke test passed (run ${runId}); its results stay in the table as audit records.`);
    return 0;
  }
  io.out(`Smoke test failed at step "${outcome.failedStep}" (run ${runId}).`);
  return 1;
}
