import { cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where benchmarks write their JSON results (git-ignored); bench/cost.ts reads them. */
export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/** The machine a benchmark ran on, with its 1-minute load average (other work on it). */
export function machine() {
  const cores = cpus();
  return {
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${process.platform} ${release()} ${process.arch}`,
    node: process.version,
    loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
  };
}
