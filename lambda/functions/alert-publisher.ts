import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { makeDynamoDbAlertOutbox } from '../adapters/dynamodb-alert-outbox.js';
import { makeSnsAlertPublisher } from '../adapters/sns-alert-publisher.js';
import { makeAlertPublisherHandler } from '../handlers/alert-publisher.js';
import { documentClient, snsClient } from './clients.js';
import { requireEnv } from './env.js';
import { instrument, logger, metrics } from './powertools.js';

/** Lambda entry of the alert path, on the results table's stream. */
export const handler = instrument(
  makeAlertPublisherHandler({
    publisher: makeSnsAlertPublisher(snsClient(), requireEnv('TOPIC_ARN')),
    outbox: makeDynamoDbAlertOutbox(documentClient(), requireEnv('TABLE_NAME')),
    onPublished: (frameId, messageId) => {
      metrics.addMetric('Alerts', MetricUnit.Count, 1);
      logger.info('Alert published', { frameId, messageId });
    },
    logError: (message, details) => logger.error(message, details),
  }),
);
