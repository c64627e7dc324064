import { type SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { AlertInbox, ReceivedAlert, RegisterCleanup } from '../target.js';

/**
 * The temporary queue's policy: only SNS, and only on behalf of the alert topic, may send to
 * it; nothing reaches it without TLS. The caller's own account keeps its IAM access.
 */
export function alertQueuePolicy(queueArn: string, topicArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AlertTopicOnly',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: queueArn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

/** An SQS message as an alert: the raw SNS body and its attributes (String.Array parsed). */
export function alertFromSqsMessage(message: Message): ReceivedAlert {
  const body = message.Body ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = body;
  }
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    const text = value.StringValue;
    if (value.DataType?.startsWith('String.Array') && text !== undefined) {
      try {
        attributes[name] = JSON.parse(text);
        continue;
      } catch {
        // Not JSON: kept as the text it is.
      }
    }
    attributes[name] = text;
  }
  return Object.keys(attributes).length > 0 ? { message: parsed, attributes } : { message: parsed };
}

/** What the temporary subscription needs. */
export interface AlertQueueOptions {
  sqs: SQSClient;
  sns: SNSClient;
  topicArn: string;
  /** The queue to create, unique per run: `arn:aws:sqs:<region>:<account>:<name>`. */
  queueArn: string;
}

/** SQS's longest long poll. */
const MAX_WAIT_SECONDS = 20;

/**
 * Subscribes a new SQS queue to the alert topic, with raw message delivery so that the queue
 * receives the message as published and its attributes as SQS message attributes. The queue
 * is created with its policy (SNS drops a delivery that the policy refuses, without retrying, so
 * it must be in place before the first alert); every resource is registered for removal as
 * soon as it exists, so a failure halfway leaves nothing.
 */
export async function openAlertQueue(
  options: AlertQueueOptions,
  cleanup: RegisterCleanup,
): Promise<AlertInbox> {
  const { sqs, sns, topicArn, queueArn } = options;
  const queueName = queueArn.split(':').at(-1) ?? '';
  const created = await sqs.send(
    new CreateQueueCommand({
      QueueName: queueName,
      Attributes: {
        SqsManagedSseEnabled: 'true',
        // Should the removal fail, what it holds expires within the hour.
        MessageRetentionPeriod: '3600',
        Policy: JSON.stringify(alertQueuePolicy(queueArn, topicArn)),
      },
    }),
  );
  const queueUrl = created.QueueUrl;
  if (!queueUrl) throw new Error(`CreateQueue ${queueName} returned no queue URL`);
  cleanup(`delete queue ${queueName}`, async () => {
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  });

  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const actualArn = attributes.Attributes?.QueueArn;
  if (actualArn !== queueArn) {
    throw new Error(
      `the queue is ${actualArn}, not ${queueArn}: its policy would name the wrong queue (are your credentials for the stack's account?)`,
    );
  }

  const subscribed = await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: { RawMessageDelivery: 'true' },
      ReturnSubscriptionArn: true,
    }),
  );
  const subscriptionArn = subscribed.SubscriptionArn;
  if (!subscriptionArn?.startsWith('arn:')) {
    throw new Error(`Subscribe to ${topicArn} returned no subscription ARN (${subscriptionArn})`);
  }
  cleanup('remove alert subscription', async () => {
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
  });

  return {
    async receive(deadline) {
      const waitSeconds = Math.max(
        1,
        Math.min(MAX_WAIT_SECONDS, Math.ceil((deadline - Date.now()) / 1000)),
      );
      const output = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: waitSeconds,
          MessageAttributeNames: ['All'],
        }),
      );
      const messages = output.Messages ?? [];
      if (messages.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: messages.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle ?? '',
            })),
          }),
        );
      }
      return messages.map(alertFromSqsMessage);
    },
  };
}
