import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { makeDynamoDbAlertLedger } from '../adapters/dynamodb-alert-ledger.js';
import { makeSnsAlertPublisher } from '../adapters/sns-alert-publisher.js';
import { makePublishAlert } from '../core/publish-alert.js';
import { makeAlertPublisherHandler } from '../handlers/alert-publisher.js';
import { documentClient, snsClient } from './clients.js';
import { requireEnv } from './env.js';
import { loadPolicies } from './policies.js';
import { instrument, logger, metrics } from './powertools.js';

/** Lambda entry of the alert path, on the results table's stream. */
export const handler = instrument(
  makeAlertPublisherHandler({
    publishAlert: makePublishAlert({
      publisher: makeSnsAlertPublisher(snsClient(), requireEnv('TOPIC_ARN')),
      ledger: makeDynamoDbAlertLedger(documentClient(), requireEnv('TABLE_NAME')),
      policies: loadPolicies(),
      onOutcome: (outcome, frameId) => {
        metrics.addMetric(
          outcome === 'published' ? 'Alerts' : 'AlertsHeldBack',
          MetricUnit.Count,
          1,
        );
        logger.info(outcome === 'published' ? 'Alert published' : 'Alert held back by cooldown', {
          frameId,
        });
      },
    }),
    logError: (message, details) => logger.error(message, details),
  }),
);
