import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { s3ClientFor, startTestRuntime } from '../e2e/support/local-runtime.js';
import { makeVideo, runAgent, summaryOf, tempDir } from './support/agent-process.js';
import { startFramesStandIn } from './support/frames-stand-in.js';

const dir = tempDir();
const still = join(dir, 'still.mp4');
const START = '2026-11-27T09:00:00Z';
let runtime: LocalRuntime;

beforeAll(async () => {
  makeVideo(still, { seconds: 2 });
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime?.stop();
});

const credentials = { accessKeyId: 'AKIDAGENTTEST', secretAccessKey: 'agent-test-secret' };
const awsEnv = {
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_CONFIG_FILE: join(dir, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
};

describe('ppe-agent destinations', () => {
  it('signs POST /frames with SigV4 for execute-api, with credentials from the default chain', async () => {
    const standIn = await startFramesStandIn(() => ({ status: 200 }));
    try {
      const { code } = await runAgent(
        [
          'video',
          still,
          '--camera-id',
          'cam-01',
          '--start-time',
          START,
          '--endpoint',
          `${standIn.url}/prod/`,
          '--region',
          'eu-west-1',
          '--spool-dir',
          tempDir(),
        ],
        { env: awsEnv },
      );
      expect(code).toBe(0);
      const [received] = standIn.received;
      const authorization = String(received?.headers.authorization);
      expect(authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDAGENTTEST\/\d{8}\/eu-west-1\/execute-api\/aws4_request/,
      );
      // Re-sign what arrived, at the time it says: the signature must be the same.
      const amzDate = String(received?.headers['x-amz-date']);
      const signingDate = new Date(
        `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
      );
      const url = new URL(`${standIn.url}/frames`);
      const signed = await new SignatureV4({
        service: 'execute-api',
        region: 'eu-west-1',
        sha256: Hash.bind(null, 'sha256'),
        credentials,
      }).sign(
        new HttpRequest({
          method: 'POST',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: '/prod/frames',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': String(received?.headers['idempotency-key']),
            host: url.host,
          },
          body: received?.body,
        }),
        { signingDate },
      );
      expect(authorization).toBe(signed.headers.authorization);
    } finally {
      await standIn.close();
    }
  });

  it('puts frames to the S3 path with the camera metadata', async () => {
    const { code, stdout } = await runAgent(
      [
        'video',
        still,
        '--camera-id',
        'cam-07',
        '--start-time',
        START,
        '--bucket',
        runtime.bucket,
        '--region',
        runtime.region,
        '--location',
        'plant-3/line-2',
        '--required-equipment',
        'HEAD_COVER',
        '--min-confidence',
        '85',
        '--spool-dir',
        tempDir(),
        '--json',
      ],
      { env: { ...awsEnv, AWS_ENDPOINT_URL_S3: runtime.urls.s3 } },
    );
    expect(code).toBe(0);
    expect(summaryOf(stdout, 'cam-07').delivered).toBe(1);
    const s3 = s3ClientFor(runtime);
    const key = 'incoming/cam-07/2026-11-27T09:00:00.000Z.jpg';
    const head = await s3.send(new HeadObjectCommand({ Bucket: runtime.bucket, Key: key }));
    expect(head.Metadata).toEqual({
      'camera-id': 'cam-07',
      'captured-at': '2026-11-27T09:00:00.000Z',
      location: 'plant-3/line-2',
      'required-equipment': 'HEAD_COVER',
      'min-confidence': '85',
    });
    const object = await s3.send(new GetObjectCommand({ Bucket: runtime.bucket, Key: key }));
    const bytes = await object.Body?.transformToByteArray();
    expect([bytes?.[0], bytes?.[1]]).toEqual([0xff, 0xd8]);
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: runtime.bucket, Prefix: 'incoming/cam-07/' }),
    );
    expect(listed.KeyCount).toBe(1);
  });
});

describe('ppe-agent without what SigV4 or S3 needs', () => {
  const nothing = {
    ...awsEnv,
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
    AWS_WEB_IDENTITY_TOKEN_FILE: '',
  };

  it('keeps the frames and says so when no AWS credentials can be found', async () => {
    const standIn = await startFramesStandIn(() => ({ status: 200 }));
    try {
      const spool = tempDir();
      const { code, stderr } = await runAgent(
        [
          'video',
          still,
          '--camera-id',
          'cam-01',
          '--endpoint',
          standIn.url,
          '--region',
          'eu-west-1',
          '--spool-dir',
          spool,
          '--drain-timeout',
          '1',
        ],
        { env: nothing },
      );
      expect(code).toBe(4);
      expect(stderr).toContain('no AWS credentials for SigV4');
      expect(standIn.received).toHaveLength(0);
    } finally {
      await standIn.close();
    }
  });

  it('exits 2 naming --region when the S3 path has no region', async () => {
    const { code, stderr } = await runAgent(
      ['video', still, '--camera-id', 'cam-01', '--bucket', 'ppe-ingest', '--spool-dir', tempDir()],
      { env: nothing },
    );
    expect(code).toBe(2);
    expect(stderr).toContain('--region');
  });
});
