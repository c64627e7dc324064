import { DetectProtectiveEquipmentCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { makeDynamoDbAlertLedger } from '../../lambda/adapters/dynamodb-alert-ledger.js';
import { makeDynamoDbDigestLedger } from '../../lambda/adapters/dynamodb-digest-ledger.js';
import { makeDynamoDbResultsQueries } from '../../lambda/adapters/dynamodb-results-queries.js';
import { makeDynamoDbResultsStore } from '../../lambda/adapters/dynamodb-results-store.js';
import { makeDynamoDbReviewStore } from '../../lambda/adapters/dynamodb-review-store.js';
import { makeRekognitionDetector } from '../../lambda/adapters/rekognition-detector.js';
import { makeS3IngestObjects } from '../../lambda/adapters/s3-ingest-objects.js';
import { makeSnsAlertPublisher } from '../../lambda/adapters/sns-alert-publisher.js';
import { makeAnalyseFrame } from '../../lambda/core/analyse-frame.js';
import { makeBuildReport } from '../../lambda/core/build-report.js';
import { makeCameraTimeline } from '../../lambda/core/camera-timeline.js';
import type { FrameCounter, FrameMetrics } from '../../lambda/core/frame-metrics.js';
import { makeListViolations } from '../../lambda/core/list-violations.js';
import { makePublishAlert } from '../../lambda/core/publish-alert.js';
import { makeRecordReview } from '../../lambda/core/record-review.js';
import { makeSendDigests } from '../../lambda/core/send-digests.js';
import type { CustomEquipment } from '../../lambda/domain/custom-equipment.js';
import { knownEquipmentTypes } from '../../lambda/domain/equipment.js';
import type { PolicySet } from '../../lambda/domain/policy.js';
import { testPolicies } from './test-policies.js';

export { testPolicies };

import { makeAlertDigestHandler } from '../../lambda/handlers/alert-digest.js';
import { makeAlertPublisherHandler } from '../../lambda/handlers/alert-publisher.js';
import { makeApiIngestHandler } from '../../lambda/handlers/api-ingest.js';
import { makeGetFrameHandler } from '../../lambda/handlers/get-frame.js';
import { makeQueryResultsHandler } from '../../lambda/handlers/query-results.js';
import { makeReviewHandler } from '../../lambda/handlers/review.js';
import { makeS3IngestHandler } from '../../lambda/handlers/s3-ingest.js';
import { type LocalTable, startLocalTable } from './local-table.js';
import { replayFixture } from './replay.js';

const region = { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };

/** Metrics kept in memory, so that tests can read what operators would see. */
export function recordingMetrics() {
  const counts: Partial<Record<FrameCounter, number>> = {};
  const rejections: string[] = [];
  const metrics: FrameMetrics = {
    count: (name, value) => {
      counts[name] = (counts[name] ?? 0) + value;
    },
    rejection: (reason) => rejections.push(reason),
    detectorLatency: () => {},
  };
  return { metrics, counts, rejections };
}

/**
 * The production handlers wired as the functions wire them, with the results table in dynalite
 * and Rekognition, S3 and SNS behind aws-sdk-client-mock.
 */

export function wirePipeline(
  table: LocalTable,
  policies: PolicySet = testPolicies,
  customEquipment: CustomEquipment[] = [],
) {
  const knownEquipment = knownEquipmentTypes(customEquipment.map((entry) => entry.type));
  const rekognition = mockClient(RekognitionClient);
  const s3 = mockClient(S3Client);
  const sns = mockClient(SNSClient);
  const recorded = recordingMetrics();
  const errors: unknown[] = [];
  const store = makeDynamoDbResultsStore(table.client, {
    tableName: table.tableName,
    retentionDays: 365,
  });
  const analyseFrame = makeAnalyseFrame({
    detector: makeRekognitionDetector(new RekognitionClient(region), customEquipment),
    store,
    metrics: recorded.metrics,
    customEquipment,
  });
  const logError = (_message: string, error: unknown) => errors.push(error);
  const publisher = makeSnsAlertPublisher(new SNSClient(region), 'arn:aws:sns:us-east-1:1:alerts');
  /** The digest function's clock: tests set `clock.now` to the time of each run. */
  const clock = { now: Date.parse('2026-11-28T00:00:00Z') };
  const queries = makeDynamoDbResultsQueries(table.client, table.tableName);
  const reviews = makeDynamoDbReviewStore(table.client, { tableName: table.tableName });
  const publishAlert = makePublishAlert({
    publisher,
    ledger: makeDynamoDbAlertLedger(table.client, table.tableName),
    policies,
  });
  const sendDigests = makeSendDigests({
    publisher,
    ledger: makeDynamoDbDigestLedger(table.client, table.tableName),
    now: () => clock.now,
  });
  return {
    rekognition,
    s3,
    sns,
    ...recorded,
    errors,
    apiIngest: makeApiIngestHandler({ analyseFrame, policies, knownEquipment, logError }),
    getFrame: makeGetFrameHandler({ store, logError }),
    queryResults: makeQueryResultsHandler({
      cameraTimeline: makeCameraTimeline(queries),
      buildReport: makeBuildReport(queries),
      listViolations: makeListViolations(queries),
      listCameras: queries.cameras,
      logError,
      now: () => new Date('2026-11-28T00:00:00Z'),
    }),
    review: makeReviewHandler({
      recordReview: makeRecordReview({ store: reviews }),
      store: reviews,
      logError,
    }),
    s3Ingest: makeS3IngestHandler({
      analyseFrame,
      objects: makeS3IngestObjects(new S3Client(region)),
      policies,
      knownEquipment,
      log: { info: () => {}, error: (_m, details) => errors.push(details) },
    }),
    clock,
    /** The alert use case, as the stream handler calls it for each pending frame. */
    publishAlert,
    /** The digest use case, as the scheduled handler calls it. */
    sendDigests,
    alertDigest: makeAlertDigestHandler({
      sendDigests,
      logError: (_m, details) => errors.push(details),
    }),
    alertPublisher: makeAlertPublisherHandler({
      publishAlert,
      logError: (_m, details) => errors.push(details),
    }),
    restore() {
      rekognition.restore();
      s3.restore();
      sns.restore();
    },
  };
}

/** An API Gateway proxy event for POST /frames. */
export function postFrameEvent(
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/frames',
    resource: '/frames',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    pathParameters: null,
  } as unknown as APIGatewayProxyEvent;
}

/** An API Gateway proxy event for GET /frames/{frameId}. */
export function getFrameEvent(frameId: string): APIGatewayProxyEvent {
  return {
    httpMethod: 'GET',
    path: `/frames/${frameId}`,
    resource: '/frames/{frameId}',
    headers: {},
    body: null,
    isBase64Encoded: false,
    pathParameters: { frameId },
  } as unknown as APIGatewayProxyEvent;
}

/** An API Gateway proxy event for one of the read routes, with its query string. */
export function queryEvent(
  resource: '/cameras/{cameraId}/frames' | '/reports/compliance' | '/violations' | '/cameras',
  query: Record<string, string> = {},
  cameraId?: string,
): APIGatewayProxyEvent {
  return {
    httpMethod: 'GET',
    path: resource.replace('{cameraId}', cameraId ?? ''),
    resource,
    headers: {},
    body: null,
    isBase64Encoded: false,
    pathParameters: cameraId === undefined ? null : { cameraId },
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
  } as unknown as APIGatewayProxyEvent;
}

/** An API Gateway proxy event for PUT .../review, with the caller's identity when given. */
export function reviewEvent(
  frameId: string,
  personId: string,
  body: unknown,
  identity: Record<string, string> = {},
): APIGatewayProxyEvent {
  return {
    httpMethod: 'PUT',
    path: `/frames/${frameId}/persons/${personId}/review`,
    resource: '/frames/{frameId}/persons/{personId}/review',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    pathParameters: { frameId, personId },
    requestContext: { identity },
  } as unknown as APIGatewayProxyEvent;
}

/** An API Gateway proxy event for GET /frames/{frameId}/reviews. */
export function trailEvent(frameId: string): APIGatewayProxyEvent {
  return {
    httpMethod: 'GET',
    path: `/frames/${frameId}/reviews`,
    resource: '/frames/{frameId}/reviews',
    headers: {},
    body: null,
    isBase64Encoded: false,
    pathParameters: { frameId },
  } as unknown as APIGatewayProxyEvent;
}

/** A test file's pipeline: one local table for the file, a freshly wired pipeline per test. */
export interface PipelineContext {
  table: LocalTable;
  pipeline: ReturnType<typeof wirePipeline>;
}

/**
 * Registers the hooks every handler test file needs: dynalite for the file, and before each test
 * a pipeline wired afresh, with Rekognition replaying the fixture for any request, and whatever
 * else the file arranges.
 */
export function usePipeline(
  options: {
    policies?: PolicySet;
    customEquipment?: CustomEquipment[];
    arrange?: (pipeline: ReturnType<typeof wirePipeline>) => void;
  } = {},
): PipelineContext {
  const context = {} as PipelineContext;
  beforeAll(async () => {
    context.table = await startLocalTable();
  });
  afterAll(async () => {
    await context.table.close();
  });
  beforeEach(() => {
    context.pipeline = wirePipeline(context.table, options.policies, options.customEquipment);
    context.pipeline.rekognition.on(DetectProtectiveEquipmentCommand).callsFake(replayFixture);
    options.arrange?.(context.pipeline);
  });
  afterEach(() => context.pipeline.restore());
  return context;
}
