import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeDynamoDbResultsStore } from '../../lambda/adapters/dynamodb-results-store.js';
import { makePowertoolsFrameMetrics } from '../../lambda/adapters/powertools-frame-metrics.js';
import { makeRekognitionDetector } from '../../lambda/adapters/rekognition-detector.js';
import { makeS3IngestObjects } from '../../lambda/adapters/s3-ingest-objects.js';
import { makeAnalyseFrame } from '../../lambda/core/analyse-frame.js';
import {
  instrument,
  logError,
  logger,
  metrics,
  tracer,
} from '../../lambda/functions/powertools.js';
import { makeApiIngestHandler } from '../../lambda/handlers/api-ingest.js';
import { makeS3IngestHandler } from '../../lambda/handlers/s3-ingest.js';
import { testPolicies } from '../../test/support/test-policies.js';
import type { FakeAws } from './fake-aws.js';

/**
 * The api-ingest and s3-ingest handlers wired as lambda/functions/ wires them (same client
 * options, adapters, Powertools metrics and `instrument` wrapper), except that every client sends
 * through the fake AWS layer, with dummy credentials that are signed with as in Lambda.
 */
export function wireIngestHandlers(fake: FakeAws) {
  const common = {
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'ASIABENCHMARKACCESSKEY',
      secretAccessKey: 'bench/secret/access/key/of/forty/chars00',
      sessionToken: 'bench-session-token',
    },
    requestHandler: fake.requestHandler,
  };
  const documentClient = DynamoDBDocumentClient.from(
    tracer.captureAWSv3Client(new DynamoDBClient(common)),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const rekognition = tracer.captureAWSv3Client(
    new RekognitionClient({ ...common, retryMode: 'adaptive', maxAttempts: 4 }),
  );
  const s3 = tracer.captureAWSv3Client(
    new S3Client({
      ...common,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  );
  const analyseFrame = makeAnalyseFrame({
    detector: makeRekognitionDetector(rekognition),
    store: makeDynamoDbResultsStore(documentClient, {
      tableName: 'ppe-results',
      retentionDays: 365,
    }),
    metrics: makePowertoolsFrameMetrics(metrics),
    warn: (message, details) => logger.warn(message, details),
  });
  return {
    apiIngest: instrument(makeApiIngestHandler({ analyseFrame, policies: testPolicies, logError })),
    s3Ingest: instrument(
      makeS3IngestHandler({
        analyseFrame,
        objects: makeS3IngestObjects(s3),
        policies: testPolicies,
        log: {
          info: (message, details) => logger.info(message, details),
          error: (message, details) => logger.error(message, details),
        },
      }),
    ),
  };
}
