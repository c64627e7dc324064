import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { ReportPublisher } from '../core/run-scheduled-report.js';

/**
 * Publishes report announcements with SNS's per-protocol structure: e-mail subscribers get the
 * plain text, every other protocol the JSON contract (`default`).
 */
export function makeSnsReportPublisher(client: SNSClient, topicArn: string): ReportPublisher {
  return {
    async publish(message) {
      const output = await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          MessageStructure: 'json',
          Message: JSON.stringify({ default: JSON.stringify(message.body), email: message.email }),
          Subject: message.subject,
          MessageAttributes: { eventType: { DataType: 'String', StringValue: message.body.type } },
        }),
      );
      return output.MessageId ?? '';
    },
  };
}
