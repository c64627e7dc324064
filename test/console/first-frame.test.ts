import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { firstFrameCommand } from '../../console/src/logic/first-frame.js';

describe('the first-frame hint', () => {
  it('posts unsigned to the local runtime', () => {
    const line = firstFrameCommand({
      apiUrl: 'http://127.0.0.1:3000',
      auth: 'none',
      region: 'us-east-1',
    });
    expect(line).toContain('curl -s http://127.0.0.1:3000/frames -H');
    expect(line).not.toContain('--aws-sigv4');
  });

  it('signs with SigV4 for execute-api in the stack region in the cloud, where unsigned calls get a 403', () => {
    const line = firstFrameCommand({
      apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
      auth: 'cognito',
      region: 'eu-west-1',
    });
    expect(line).toContain("--aws-sigv4 'aws:amz:eu-west-1:execute-api'");
    expect(line).toContain('x-amz-security-token: $AWS_SESSION_TOKEN');
  });

  it('builds a JSON body from the sample that the shell accepts', () => {
    const line = firstFrameCommand({ apiUrl: 'http://x', auth: 'none', region: 'us-east-1' });
    const body = line.slice(0, line.lastIndexOf('| curl'));
    const json = execFileSync('bash', ['-c', body], {
      maxBuffer: 64 * 1024 * 1024,
      cwd: new URL('../..', import.meta.url).pathname,
    });
    const parsed = JSON.parse(json.toString()) as { cameraId: string; image: string };
    expect(parsed.cameraId).toBe('cam-01');
    expect(Buffer.from(parsed.image, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });
});
