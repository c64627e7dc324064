import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/ppe-function.js';
import { cdkJsonContext } from './synth.js';

const outdir = mkdtempSync(join(tmpdir(), 'ppe-app-entry-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * Runs bin/app.ts as the CDK CLI does (cdk.json's `app`): the merged context in CDK_CONTEXT_JSON,
 * the cloud assembly directory in CDK_OUTDIR.
 */
function runApp(
  context: Record<string, unknown>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext(), ...context }),
        CDK_OUTDIR: outdir,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('cdk synth with a configuration mistake', () => {
  it('fails on an unknown key, naming it and the key it resembles, without a stack trace', async () => {
    const { code, stderr } = await runApp({ minconfidence: '85' });

    expect(code).toBe(1);
    expect(stderr).toContain('Unknown context key "minconfidence" (did you mean "minConfidence"?)');
    expect(stderr).not.toMatch(/^ {4}at /m);
  });

  it('fails on a pace the S3 path cannot keep, with the message alone', async () => {
    const { code, stderr } = await runApp({ rekognitionTps: '0.1' });

    expect(code).toBe(1);
    expect(stderr).toContain('"rekognitionTps" / "s3MaxConcurrency" = 0.1 / 4');
    expect(stderr).not.toMatch(/^ {4}at /m);
  });
});
