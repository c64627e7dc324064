import { SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  alertFromSqsMessage,
  alertQueuePolicy,
  openAlertQueue,
} from '../../smoke/cloud/alert-queue.js';

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:PpeDetection-Alerts';
const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:111122223333:ppe-smoke-0a1b2c3d';
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/111122223333/ppe-smoke-0a1b2c3d';
const SUBSCRIPTION = `${TOPIC}:5f3c0e0e-1111-2222-3333-444455556666`;

describe('the temporary queue policy', () => {
  const policy = alertQueuePolicy(QUEUE_ARN, TOPIC);
  const allows = policy.Statement.filter((statement) => statement.Effect === 'Allow');

  it('allows only SNS to send, only to this queue, only on behalf of the alert topic', () => {
    expect(allows).toEqual([
      {
        Sid: 'AlertTopicOnly',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: QUEUE_ARN,
        Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } },
      },
    ]);
  });

  it('denies every request to the queue without TLS', () => {
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: QUEUE_ARN,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });
});

describe('an SQS message of a raw-delivery subscription', () => {
  it('reads as the alert body and its attributes, String.Array ones as arrays', () => {
    const alert = alertFromSqsMessage({
      Body: '{"type":"PPE_VIOLATION","frameId":"k-1"}',
      MessageAttributes: {
        eventType: { DataType: 'String', StringValue: 'PPE_VIOLATION' },
        missingEquipment: { DataType: 'String.Array', StringValue: '["HAND_COVER"]' },
      },
    });

    expect(alert).toEqual({
      message: { type: 'PPE_VIOLATION', frameId: 'k-1' },
      attributes: { eventType: 'PPE_VIOLATION', missingEquipment: ['HAND_COVER'] },
    });
  });
});

describe('openAlertQueue', () => {
  const sqsMock = mockClient(SQSClient);
  const snsMock = mockClient(SNSClient);
  const sqs = new SQSClient({ region: 'eu-west-1' });
  const sns = new SNSClient({ region: 'eu-west-1' });
  let cleanups: { name: string; undo: () => Promise<void> }[];
  const open = () =>
    openAlertQueue({ sqs, sns, topicArn: TOPIC, queueArn: QUEUE_ARN }, (name, undo) =>
      cleanups.push({ name, undo }),
    );
  const undoAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup.undo();
  };

  beforeEach(() => {
    sqsMock.reset();
    snsMock.reset();
    cleanups = [];
    sqsMock.on(CreateQueueCommand).resolves({ QueueUrl: QUEUE_URL });
    sqsMock.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: QUEUE_ARN } });
    snsMock.on(SubscribeCommand).resolves({ SubscriptionArn: SUBSCRIPTION });
  });

  it('creates an encrypted queue that only the topic may send to, and subscribes it with raw delivery', async () => {
    await open();

    expect(sqsMock).toHaveReceivedCommandWith(CreateQueueCommand, {
      QueueName: 'ppe-smoke-0a1b2c3d',
      Attributes: expect.objectContaining({ SqsManagedSseEnabled: 'true' }),
    });
    const policy = sqsMock.commandCalls(CreateQueueCommand)[0]?.args[0].input.Attributes?.Policy;
    expect(JSON.parse(policy ?? '{}')).toEqual(alertQueuePolicy(QUEUE_ARN, TOPIC));
    expect(snsMock).toHaveReceivedCommandWith(SubscribeCommand, {
      TopicArn: TOPIC,
      Protocol: 'sqs',
      Endpoint: QUEUE_ARN,
      Attributes: { RawMessageDelivery: 'true' },
    });
  });

  it('receives with long polling and all message attributes, and deletes what it read', async () => {
    sqsMock.on(ReceiveMessageCommand).resolves({
      Messages: [
        { Body: '{"frameId":"k-1"}', ReceiptHandle: 'r-1', MessageAttributes: {} },
        {
          Body: '{"frameId":"k-2"}',
          ReceiptHandle: 'r-2',
          MessageAttributes: { cameraId: { DataType: 'String', StringValue: 'cam-01' } },
        },
      ],
    });
    const inbox = await open();

    const alerts = await inbox.receive(Date.now() + 60_000);

    // SNS delivers no attributes with a per-protocol message: the alert then has none.
    expect(alerts).toEqual([
      { message: { frameId: 'k-1' } },
      { message: { frameId: 'k-2' }, attributes: { cameraId: 'cam-01' } },
    ]);
    expect(sqsMock).toHaveReceivedCommandWith(ReceiveMessageCommand, {
      QueueUrl: QUEUE_URL,
      WaitTimeSeconds: 20,
      MessageAttributeNames: ['All'],
    });
    expect(sqsMock).toHaveReceivedCommandWith(DeleteMessageBatchCommand, {
      Entries: [
        { Id: '0', ReceiptHandle: 'r-1' },
        { Id: '1', ReceiptHandle: 'r-2' },
      ],
    });
  });

  it('registers the unsubscribe and the queue deletion, which undo both', async () => {
    await open();

    expect(cleanups.map((cleanup) => cleanup.name)).toEqual([
      'delete queue ppe-smoke-0a1b2c3d',
      'remove alert subscription',
    ]);
    await undoAll();
    expect(snsMock).toHaveReceivedCommandWith(UnsubscribeCommand, {
      SubscriptionArn: SUBSCRIPTION,
    });
    expect(sqsMock).toHaveReceivedCommandWith(DeleteQueueCommand, { QueueUrl: QUEUE_URL });
  });

  it('refuses a queue whose ARN is not the one its policy names, and deletes it', async () => {
    sqsMock.on(GetQueueAttributesCommand).resolves({
      Attributes: { QueueArn: 'arn:aws:sqs:eu-west-1:444455556666:ppe-smoke-0a1b2c3d' },
    });

    await expect(open()).rejects.toThrow(/its policy would name the wrong queue/);
    await undoAll();

    expect(snsMock).not.toHaveReceivedCommand(SubscribeCommand);
    expect(sqsMock).toHaveReceivedCommandWith(DeleteQueueCommand, { QueueUrl: QUEUE_URL });
  });

  it('still deletes the queue when the subscription is refused', async () => {
    snsMock
      .on(SubscribeCommand)
      .rejects(new Error('User is not authorized to perform: SNS:Subscribe'));

    await expect(open()).rejects.toThrow(/SNS:Subscribe/);
    await undoAll();

    expect(sqsMock).toHaveReceivedCommandWith(DeleteQueueCommand, { QueueUrl: QUEUE_URL });
    expect(snsMock).not.toHaveReceivedCommand(UnsubscribeCommand);
  });
});
