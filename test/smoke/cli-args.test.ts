import { describe, expect, it } from 'vitest';
import { parseSmokeArgs, runSmoke, USAGE } from '../../smoke/cli.js';

async function exitOf(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSmoke(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the smoke test command line', () => {
  it('defaults to the PpeDetection stack, the SDK region and five minutes', () => {
    expect(parseSmokeArgs([])).toEqual({
      help: false,
      mode: 'cloud',
      stackName: 'PpeDetection',
      waitMs: 300_000,
    });
  });

  it('takes --local with the default runtime URL and a shorter wait', () => {
    expect(parseSmokeArgs(['--local'])).toEqual({
      help: false,
      mode: 'local',
      apiUrl: 'http://127.0.0.1:3000',
      waitMs: 60_000,
    });
  });

  it('prints the usage for --help and exits 0', async () => {
    expect(await exitOf(['--help'])).toEqual({ code: 0, out: USAGE, err: '' });
  });

  it.each([
    [['--stack'], /Unknown option '--stack'/],
    [['--timeout', 'soon'], /--timeout must be a number of seconds from 1 to 3600, not "soon"/],
    [['--timeout', '0.5'], /--timeout must be a number of seconds from 1 to 3600, not "0.5"/],
    [['--api-url', 'http://127.0.0.1:3000'], /--api-url is for the local runtime: add --local/],
    [['--local', '--region', 'eu-west-1'], /--region is for a deployed stack, not with --local/],
    [['--local', '--api-url', 'ftp://host'], /--api-url must be an http\(s\) URL/],
    [['--region', 'Ireland'], /--region must be a region such as eu-west-1, not "Ireland"/],
    [['--stack-name', 'my stack'], /--stack-name must be a CloudFormation stack name/],
  ])('exits 2 naming the flag for %j', async (args, message) => {
    const { code, out, err } = await exitOf(args);

    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });
});
