import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** `npm start` running in a child process, as a user runs it, with the endpoints it printed. */
export interface RuntimeProcess {
  api: string;
  s3: string;
  dynamodb: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Sends the signal and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

const endpoint = (output: string, label: string) =>
  new RegExp(`^ {2}${label} +(http://127\\.0\\.0\\.1:\\d+)`, 'm').exec(output)?.[1];

/**
 * Starts `local/main.ts` (what `npm start` runs) in one Node process, without the tsx CLI's
 * wrapper process, so that a signal reaches the runtime itself. Free ports; quiet handlers;
 * resolves once the banner names the endpoints.
 */
export function spawnRuntime(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 90_000,
): Promise<RuntimeProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/main.ts', ...args],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        PORT: '0',
        S3_PORT: '0',
        CONSOLE_PORT: 'off',
        LOG_LEVEL: 'SILENT',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill('SIGKILL');
      reject(new Error(`The runtime printed no banner within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = () => {
      const api = endpoint(output, 'API');
      const s3 = endpoint(output, 'S3');
      const dynamodb = endpoint(output, 'DynamoDB');
      if (api && s3 && dynamodb) {
        clearTimeout(timer);
        resolve({ api, s3, dynamodb, output: () => output, kill });
      }
    };
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`The runtime exited before its banner:\n${output}`));
    });
  });
}
