import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { runSmoke } from '../../smoke/cli.js';
import type { CloudClients } from '../../smoke/cloud/cloud-target.js';
import { request, s3ClientFor, startTestRuntime } from '../e2e/support/local-runtime.js';

/**
 * The cloud target's whole flow, offline: the stack's routes and bucket are the local runtime's
 * (its production handlers judge the frames), CloudFormation, SQS and SNS are mocked clients,
 * and the mocked queue receives what the runtime's SNS stand-in published once subscribed, in
 * the shape of a raw-delivery SQS message.
 */
let runtime: LocalRuntime;
let s3: S3Client;
const cloudFormation = new CloudFormationClient({ region: 'eu-west-1' });
const sqs = new SQSClient({ region: 'eu-west-1' });
const sns = new SNSClient({ region: 'eu-west-1' });
const cfnMock = mockClient(cloudFormation);
const sqsMock = mockClient(sqs);
const snsMock = mockClient(sns);
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:PpeDetection-Alerts';
const clients = (): CloudClients => ({
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  cloudFormation: () => cloudFormation,
  s3: () => s3,
  sqs: () => sqs,
  sns: () => sns,
});

beforeAll(async () => {
  runtime = await startTestRuntime();
  s3 = s3ClientFor(runtime);
  s3.destroy = () => {};
});
afterAll(async () => {
  await runtime?.stop();
});

function stackWith(outputs: Record<string, string>) {
  cfnMock.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'PpeDetection',
        StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/PpeDetection/0a1b',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(),
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
          OutputKey,
          OutputValue,
        })),
      },
    ],
  });
}

beforeEach(() => {
  cfnMock.reset();
  sqsMock.reset();
  snsMock.reset();
  stackWith({
    ApiUrl: `${runtime.urls.api}/`,
    IngestBucketName: runtime.bucket,
    AlertTopicArn: TOPIC,
  });
  sqsMock.on(CreateQueueCommand).callsFake(({ QueueName }) => ({
    QueueUrl: `https://sqs.eu-west-1.amazonaws.com/111122223333/${QueueName}`,
  }));
  sqsMock.on(GetQueueAttributesCommand).callsFake(({ QueueUrl }) => ({
    Attributes: { QueueArn: `arn:aws:sqs:eu-west-1:111122223333:${QueueUrl.split('/').at(-1)}` },
  }));
  sqsMock.on(DeleteMessageBatchCommand).resolves({});
  sqsMock.on(DeleteQueueCommand).resolves({});
  snsMock.on(UnsubscribeCommand).resolves({});
  let delivered = 0;
  snsMock.on(SubscribeCommand).callsFake(async () => {
    delivered = (await request(runtime, 'GET', '/local/alerts')).json.length;
    return { SubscriptionArn: `${TOPIC}:sub-1` };
  });
  sqsMock.on(ReceiveMessageCommand).callsFake(async () => {
    const published = (await request(runtime, 'GET', '/local/alerts')).json as {
      message: unknown;
      attributes: Record<string, unknown>;
    }[];
    const messages: Message[] = published.slice(delivered).map((alert, index) => ({
      Body: JSON.stringify(alert.message),
      ReceiptHandle: `r-${delivered + index}`,
      MessageAttributes: Object.fromEntries(
        Object.entries(alert.attributes).map(([name, value]) => [
          name,
          Array.isArray(value)
            ? { DataType: 'String.Array', StringValue: JSON.stringify(value) }
            : { DataType: 'String', StringValue: String(value) },
        ]),
      ),
    }));
    delivered = published.length;
    if (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    return { Messages: messages };
  });
});

async function smoke(...args: string[]) {
  const lines: string[] = [];
  const code = await runSmoke(args, {
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
    cloudClients: clients(),
    onInterrupt: (cleanUp) => {
      interrupt = cleanUp;
    },
  });
  return { code, lines };
}
let interrupt: (() => Promise<void>) | undefined;

describe('npm run smoke against a stack', () => {
  it('passes every step and removes the subscription, the queue and the upload', async () => {
    const { code, lines } = await smoke('--stack-name', 'PpeDetection', '--timeout', '60');

    expect(lines.filter((line) => line.startsWith('✗'))).toEqual([]);
    expect(code).toBe(0);
    expect(lines).toContainEqual(expect.stringMatching(/^✓ read stack outputs/));
    expect(lines).toContainEqual(expect.stringMatching(/^✓ receive alert for uploaded frame/));
    expect(lines).toContainEqual(expect.stringMatching(/^✓ remove alert subscription/));
    expect(lines).toContainEqual(expect.stringMatching(/^✓ delete queue ppe-smoke-[0-9a-f]{8}/));
    expect(cfnMock).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'PpeDetection' });
    expect(snsMock).toHaveReceivedCommandWith(UnsubscribeCommand, {
      SubscriptionArn: `${TOPIC}:sub-1`,
    });
    expect(sqsMock).toHaveReceivedCommandTimes(DeleteQueueCommand, 1);
    const left = await s3.send(
      new ListObjectsV2Command({ Bucket: runtime.bucket, Prefix: 'incoming/smoke-' }),
    );
    expect(left.KeyCount).toBe(0);
  });

  it('removes the subscription and the queue when a step fails, and names the step', async () => {
    runtime.setDetectorUnavailable(true);
    try {
      const { code, lines } = await smoke('--timeout', '60');

      expect(code).toBe(1);
      expect(lines).toContainEqual(
        expect.stringMatching(/^✗ post compliant frame: POST \/frames answered 503/),
      );
      expect(lines.at(-1)).toMatch(/^Smoke test failed at step "post compliant frame"/);
      expect(snsMock).toHaveReceivedCommandTimes(UnsubscribeCommand, 1);
      expect(sqsMock).toHaveReceivedCommandTimes(DeleteQueueCommand, 1);
    } finally {
      runtime.setDetectorUnavailable(false);
    }
  });

  it('fails at "read stack outputs" naming a missing output, and creates nothing', async () => {
    stackWith({ ApiUrl: `${runtime.urls.api}/`, IngestBucketName: runtime.bucket });

    const { code, lines } = await smoke();

    expect(code).toBe(1);
    expect(lines[0]).toMatch(
      /^✗ read stack outputs: stack PpeDetection has no output AlertTopicArn/,
    );
    expect(sqsMock).not.toHaveReceivedCommand(CreateQueueCommand);
  });

  it('fails at "receive alert for posted frame" when no alert reaches the queue in time', async () => {
    sqsMock.on(ReceiveMessageCommand).callsFake(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { Messages: [] };
    });

    const { code, lines } = await smoke('--timeout', '2');

    expect(code).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^✗ receive alert for posted frame: no alert for frame k-\S+ \(camera smoke-[0-9a-f]{8}-api\) within 2 s/,
      ),
    );
    expect(sqsMock).toHaveReceivedCommandTimes(DeleteQueueCommand, 1);
  });

  it('removes the subscription and the queue when interrupted while waiting for an alert', async () => {
    let interrupted: Promise<void> | undefined;
    sqsMock.on(ReceiveMessageCommand).callsFake(async () => {
      interrupted ??= interrupt?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { Messages: [] };
    });

    const run = smoke('--timeout', '3');
    await vi.waitUntil(() => interrupted !== undefined, { timeout: 30_000 });
    await interrupted;

    expect(snsMock).toHaveReceivedCommandTimes(UnsubscribeCommand, 1);
    expect(sqsMock).toHaveReceivedCommandTimes(DeleteQueueCommand, 1);
    const { lines } = await run;
    expect(sqsMock).toHaveReceivedCommandTimes(DeleteQueueCommand, 1);
    expect(lines).toContain('Interrupted: removing what the run created');
  });
});
