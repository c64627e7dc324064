import { makeS3IngestObjects } from '../adapters/s3-ingest-objects.js';
import { knownEquipmentTypes } from '../domain/equipment.js';
import { makeS3IngestHandler } from '../handlers/s3-ingest.js';
import { customEquipment, policies, wireAnalyseFrame } from './analyse-frame-wiring.js';
import { s3Client } from './clients.js';
import { numberEnv } from './env.js';
import { instrument, logger } from './powertools.js';

/**
 * Lambda entry of the S3 path, on the ingest queue. Each container paces its Rekognition calls
 * at its share of the quota (`rekognitionTps / s3MaxConcurrency`, set by the stack), so that a
 * burst of uploads drains at the quota instead of being throttled into SQS redeliveries.
 */
export const handler = instrument(
  makeS3IngestHandler({
    analyseFrame: wireAnalyseFrame({
      callsPerSecond: numberEnv('DETECTOR_CALLS_PER_SECOND', 0.001, 1000),
    }),
    objects: makeS3IngestObjects(s3Client()),
    policies,
    knownEquipment: knownEquipmentTypes(customEquipment.map((entry) => entry.type)),
    log: {
      info: (message, details) => logger.info(message, details),
      error: (message, details) => logger.error(message, details),
    },
  }),
);
