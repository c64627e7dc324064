import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertPublisher } from '../core/ports.js';
import type { Notification, NotificationAttributes } from '../domain/alert-message.js';

/** Message attributes that subscription filter policies match on. */
export function toMessageAttributes(
  attributes: NotificationAttributes,
): Record<string, MessageAttributeValue> {
  const string = (value: string) => ({ DataType: 'String', StringValue: value });
  return {
    eventType: string(attributes.eventType),
    cameraId: string(attributes.cameraId),
    ...(attributes.location ? { location: string(attributes.location) } : {}),
    ...(attributes.missingEquipment.length > 0
      ? {
          missingEquipment: {
            DataType: 'String.Array',
            StringValue: JSON.stringify(attributes.missingEquipment),
          },
        }
      : {}),
  };
}

/**
 * The Publish `Message` with SNS's per-protocol structure: e-mail and SMS subscribers get plain
 * text; every other protocol (SQS, Lambda, HTTP/S, and `email-json`, which is not given a key of
 * its own) gets `default`, the JSON contract.
 */
export function toStructuredMessage(notification: Notification<unknown>): string {
  return JSON.stringify({
    default: JSON.stringify(notification.body),
    email: notification.text.email,
    sms: notification.text.sms,
  });
}

/** Publishes alerts to the SNS topic that e-mail, SMS, HTTPS and queue subscribers hang off. */
export function makeSnsAlertPublisher(client: SNSClient, topicArn: string): AlertPublisher {
  return {
    async publish(notification) {
      const output = await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          MessageStructure: 'json',
          Message: toStructuredMessage(notification),
          Subject: notification.subject,
          MessageAttributes: toMessageAttributes(notification.attributes),
        }),
      );
      return output.MessageId ?? '';
    },
  };
}
