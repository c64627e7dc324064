import type { DrainResult } from './quota-run.js';

/** Everything the quota benchmark measured, as bench/results/quota-drain.json holds it. */
export interface QuotaDrainReport {
  benchmark: 'quota-drain';
  ranAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  settings: {
    images: number;
    imageBytes: number;
    quotaCallsPerSecond: number;
    detectorLatencyMs: number;
    batchSize: number;
    /** The stack's default s3MaxConcurrency. */
    maxConcurrency: number;
    /** The default before the change, at which `before` runs. */
    previousMaxConcurrency: number;
    visibilityTimeoutSeconds: number;
    maxReceiveCount: number;
    /** 1: every duration is real; idle visibility waits are skipped instead (see the notes). */
    timeScale: number;
    skipMarginMs: number;
    rekognitionClient: { retryMode: string; maxAttempts: number };
  };
  goal: { percentOfQuota: number; lost: number; duplicates: number };
  results: DrainResult[];
  notes: string[];
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

/** Commands that used every attempt the client allows, and those the client gave up on. */
function lastAttempts(result: DrainResult, maxAttempts: number): string {
  const atLast = result.clients.reduce(
    (sum, c) => sum + (c.attemptsPerCommand[maxAttempts - 1] ?? 0),
    0,
  );
  const gaveUp = result.clients.reduce(
    (sum, c) => sum + c.gaveUpAfterMaxAttempts + c.gaveUpOnRetryQuota,
    0,
  );
  return `${atLast} / ${gaveUp}`;
}

/** Whether a configuration met the goal. */
export function meetsGoal(result: DrainResult, goal: QuotaDrainReport['goal']): boolean {
  return (
    result.percentOfQuota >= goal.percentOfQuota &&
    result.lost <= goal.lost &&
    result.duplicateRecords + result.duplicateDetections <= goal.duplicates
  );
}

/** The results as markdown tables: the drain, then each container's Rekognition client. */
export function markdownTables(report: QuotaDrainReport): string {
  const { settings } = report;
  const lines = [
    `${settings.images} images at once; detector quota ${settings.quotaCallsPerSecond} calls/s, ` +
      `${settings.detectorLatencyMs} ms per analysis; batch ${settings.batchSize}, ` +
      `visibility timeout ` +
      `${settings.visibilityTimeoutSeconds} s, ${settings.maxReceiveCount} receives before the DLQ.`,
    '',
    row([
      'run',
      'design',
      'images',
      'max concurrency',
      'drain s',
      'of which skipped idle s',
      'successful calls/s',
      'attempted calls/s',
      '% of quota',
      'throttled calls',
      'commands at last attempt / given up',
      'lost',
      'duplicates',
      'DLQ',
      'handed back',
      'invocation ms p50 / p90',
      'frame ms p50 / p90',
      'goal',
    ]),
    row(Array.from({ length: 18 }, () => '---')),
  ];
  for (const result of report.results) {
    lines.push(
      row([
        result.config,
        result.design,
        result.images,
        result.maxConcurrency,
        `${result.drainSeconds}${result.drained ? '' : ' (not drained)'}`,
        result.fastForwardedSeconds,
        result.successfulCallsPerSecond,
        result.attemptedCallsPerSecond,
        `${result.percentOfQuota}%`,
        result.throttledCalls,
        lastAttempts(result, settings.rekognitionClient.maxAttempts),
        result.lost,
        result.duplicateRecords + result.duplicateDetections,
        result.dlqEntries,
        result.handedBack,
        `${result.invocationMs.median} / ${result.invocationMs.p90}`,
        `${result.frameMs.median} / ${result.frameMs.p90}`,
        meetsGoal(result, report.goal) ? 'met' : 'missed',
      ]),
    );
  }
  lines.push(
    '',
    'Rekognition client of each container (adaptive retry, per client instance):',
    '',
    row([
      'run',
      'container',
      'commands',
      'attempts',
      'throttled',
      'succeeded',
      'after retry',
      'gave up after max attempts',
      'gave up on retry quota',
      'commands by attempts (1/2/3/4)',
    ]),
    row(Array.from({ length: 10 }, () => '---')),
  );
  for (const result of report.results) {
    result.clients.forEach((calls, index) => {
      lines.push(
        row([
          result.config,
          index + 1,
          calls.commands,
          calls.attempts,
          calls.throttledAttempts,
          calls.succeeded,
          calls.succeededAfterRetry,
          calls.gaveUpAfterMaxAttempts,
          calls.gaveUpOnRetryQuota,
          calls.attemptsPerCommand.join(' / '),
        ]),
      );
    });
  }
  return lines.join('\n');
}
