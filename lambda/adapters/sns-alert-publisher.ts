import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertPublisher } from '../core/ports.js';
import type { AlertMessage } from '../domain/alert-message.js';

/** Message attributes that subscription filter policies match on. */
export function toMessageAttributes(
  attributes: AlertMessage['attributes'],
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

/** Publishes alerts to the SNS topic that e-mail, SMS, HTTPS and queue subscribers hang off. */
export function makeSnsAlertPublisher(client: SNSClient, topicArn: string): AlertPublisher {
  return {
    async publish(message: AlertMessage) {
      const output = await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify(message.body),
          Subject: message.subject,
          MessageAttributes: toMessageAttributes(message.attributes),
        }),
      );
      return output.MessageId ?? '';
    },
  };
}
