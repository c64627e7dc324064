import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import type { LocalFunction } from './lambda-context.js';

/** The production functions, with the names, timeouts and memory the stack gives them. */
export interface LocalFunctions {
  apiIngest: LocalFunction<APIGatewayProxyEvent, APIGatewayProxyResult>;
  getFrame: LocalFunction<APIGatewayProxyEvent, APIGatewayProxyResult>;
  s3Ingest: LocalFunction<SQSEvent, SQSBatchResponse>;
  alertPublisher: LocalFunction<DynamoDBStreamEvent, DynamoDBBatchResponse>;
  /** The alert digest, as its schedule invokes it (the event is not read). */
  alertDigest: LocalFunction<unknown, unknown>;
  /** The read side: camera timelines and compliance reports. */
  queryResults: LocalFunction<APIGatewayProxyEvent, APIGatewayProxyResult>;
  /** The image routes: presigned URLs of blurred copies and, for auditors, originals. */
  frameImage: LocalFunction<APIGatewayProxyEvent, APIGatewayProxyResult>;
  /** Reviews and the review trail. */
  review: LocalFunction<APIGatewayProxyEvent, APIGatewayProxyResult>;
}

let loaded = false;

/**
 * Imports the production function entries. They read their environment and make their clients
 * at import, and Node keeps modules once loaded: so this runs once per process, after the
 * environment is set.
 */
export async function loadFunctions(): Promise<LocalFunctions> {
  if (loaded) {
    throw new Error(
      'The function entries are already loaded with an earlier environment: start one local runtime per process.',
    );
  }
  loaded = true;
  const [
    apiIngest,
    getFrame,
    s3Ingest,
    alertPublisher,
    queryResults,
    alertDigest,
    frameImage,
    review,
  ] = await Promise.all([
    import('../lambda/functions/api-ingest.js'),
    import('../lambda/functions/get-frame.js'),
    import('../lambda/functions/s3-ingest.js'),
    import('../lambda/functions/alert-publisher.js'),
    import('../lambda/functions/query-results.js'),
    import('../lambda/functions/alert-digest.js'),
    import('../lambda/functions/frame-image.js'),
    import('../lambda/functions/review.js'),
  ]);
  return {
    apiIngest: {
      name: 'ppe-detection-api-ingest',
      timeoutMs: 29_000,
      memoryMb: 1024,
      handler: apiIngest.handler,
    },
    getFrame: {
      name: 'ppe-detection-get-frame',
      timeoutMs: 10_000,
      memoryMb: 512,
      handler: getFrame.handler,
    },
    s3Ingest: {
      name: 'ppe-detection-s3-ingest',
      timeoutMs: 60_000,
      memoryMb: 512,
      handler: s3Ingest.handler,
    },
    alertPublisher: {
      name: 'ppe-detection-alert-publisher',
      timeoutMs: 30_000,
      memoryMb: 512,
      handler: alertPublisher.handler,
    },
    alertDigest: {
      name: 'ppe-detection-alert-digest',
      timeoutMs: 50_000,
      memoryMb: 512,
      handler: alertDigest.handler,
    },
    queryResults: {
      name: 'ppe-detection-query-results',
      timeoutMs: 10_000,
      memoryMb: 512,
      handler: queryResults.handler,
    },
    frameImage: {
      name: 'ppe-detection-frame-image',
      timeoutMs: 15_000,
      memoryMb: 1536,
      handler: frameImage.handler,
    },
    review: {
      name: 'ppe-detection-review',
      timeoutMs: 10_000,
      memoryMb: 512,
      handler: review.handler,
    },
  };
}
