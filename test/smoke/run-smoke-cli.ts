import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a run of `npm run smoke` printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  lines: string[];
}

/**
 * Runs smoke/main.ts as `npm run smoke` does (tsx), in a child process, without blocking this
 * one: the local runtime it tests may live in this process.
 */
export function runSmokeCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'smoke/main.ts', ...args],
      {
        cwd: ROOT,
        timeout: 120_000,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({
          code: typeof code === 'number' ? code : 1,
          stdout,
          stderr,
          lines: stdout.split('\n'),
        });
      },
    );
  });
}
