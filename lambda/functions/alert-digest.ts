import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { makeDynamoDbDigestLedger } from '../adapters/dynamodb-digest-ledger.js';
import { makeSnsAlertPublisher } from '../adapters/sns-alert-publisher.js';
import { makeSendDigests } from '../core/send-digests.js';
import { makeAlertDigestHandler } from '../handlers/alert-digest.js';
import { documentClient, snsClient } from './clients.js';
import { requireEnv } from './env.js';
import { instrument, logger, metrics } from './powertools.js';

/** Lambda entry of the alert digest, run every minute by an EventBridge schedule. */
export const handler = instrument(
  makeAlertDigestHandler({
    sendDigests: makeSendDigests({
      publisher: makeSnsAlertPublisher(snsClient(), requireEnv('TOPIC_ARN')),
      ledger: makeDynamoDbDigestLedger(documentClient(), requireEnv('TABLE_NAME')),
      onDigest: (body) => {
        metrics.addMetric('AlertDigests', MetricUnit.Count, 1);
        logger.info('Alert digest published', {
          cameraId: body.cameraId,
          frames: body.frames,
          violations: body.violations,
        });
      },
    }),
    logError: (message, details) => logger.error(message, details),
  }),
);
