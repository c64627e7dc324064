import { makeDynamoDbResultsStore } from '../adapters/dynamodb-results-store.js';
import { makePowertoolsFrameMetrics } from '../adapters/powertools-frame-metrics.js';
import { makeRekognitionDetector } from '../adapters/rekognition-detector.js';
import { makeAnalyseFrame } from '../core/analyse-frame.js';
import type { FrameDefaults } from '../handlers/frame-defaults.js';
import { documentClient, rekognitionClient } from './clients.js';
import { booleanEnv, equipmentEnv, numberEnv, requireEnv } from './env.js';
import { logger, metrics } from './powertools.js';

/** The configuration both ingest functions share, read once at module load. */
export const defaults: FrameDefaults = {
  requiredEquipment: equipmentEnv('REQUIRED_EQUIPMENT'),
  minConfidence: numberEnv('MIN_CONFIDENCE', 50, 100),
};

/** The core, wired to Rekognition, the results table and Powertools metrics. */
export const analyseFrame = makeAnalyseFrame({
  detector: makeRekognitionDetector(rekognitionClient()),
  store: makeDynamoDbResultsStore(documentClient(), {
    tableName: requireEnv('TABLE_NAME'),
    retentionDays: numberEnv('RESULT_RETENTION_DAYS', 1, 3650),
  }),
  metrics: makePowertoolsFrameMetrics(metrics),
  alertOnIndeterminate: booleanEnv('ALERT_ON_INDETERMINATE', false),
  warn: (message, details) => logger.warn(message, details),
});
