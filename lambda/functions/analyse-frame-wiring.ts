import { makeDynamoDbResultsStore } from '../adapters/dynamodb-results-store.js';
import { makePowertoolsFrameMetrics } from '../adapters/powertools-frame-metrics.js';
import { makeRekognitionDetector } from '../adapters/rekognition-detector.js';
import { makeS3ImageKeeper } from '../adapters/s3-image-objects.js';
import { type AnalyseFrame, makeAnalyseFrame } from '../core/analyse-frame.js';
import { makeCallPacer, pacedDetector } from '../core/paced-detector.js';
import type { CustomEquipment } from '../domain/custom-equipment.js';
import type { PolicySet } from '../domain/policy.js';
import { documentClient, rekognitionClient, s3Client } from './clients.js';
import { loadCustomEquipment } from './custom-equipment.js';
import { numberEnv, requireEnv } from './env.js';
import { loadPolicies } from './policies.js';
import { logger, metrics } from './powertools.js';

/** The policies both ingest functions judge frames by, read once at module load. */
export const policies: PolicySet = loadPolicies();

/** The custom equipment types (`CUSTOM_EQUIPMENT`), read once at module load. */
export const customEquipment: CustomEquipment[] = loadCustomEquipment();

/** How a function wants its Rekognition calls made. */
export interface DetectorOptions {
  /** Paces this container's calls at this rate; unpaced when absent. */
  callsPerSecond?: number;
  /** The bucket that API-path images are kept in, under `frames/`; not kept when absent. */
  imageBucket?: string;
}

/** The core, wired to Rekognition, the results table and Powertools metrics; once per container. */
export function wireAnalyseFrame(options: DetectorOptions = {}): AnalyseFrame {
  const rekognition = makeRekognitionDetector(rekognitionClient(), customEquipment);
  const frameMetrics = makePowertoolsFrameMetrics(metrics);
  return makeAnalyseFrame({
    customEquipment,
    detector:
      options.callsPerSecond === undefined
        ? rekognition
        : pacedDetector(rekognition, makeCallPacer(options.callsPerSecond)),
    store: makeDynamoDbResultsStore(documentClient(), {
      tableName: requireEnv('TABLE_NAME'),
      retentionDays: numberEnv('RESULT_RETENTION_DAYS', 1, 3650),
      onCameraListFailure: (frame, error) => {
        frameMetrics.count('CameraListUpdateFailures', 1);
        logger.warn(
          'The camera list was not moved to a stored frame; it shows an older one until the next',
          {
            ...frame,
            error,
          },
        );
      },
    }),
    ...(options.imageBucket ? { images: makeS3ImageKeeper(s3Client(), options.imageBucket) } : {}),
    metrics: frameMetrics,
    warn: (message, details) => logger.warn(message, details),
  });
}
