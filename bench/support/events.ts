import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, SQSEvent } from 'aws-lambda';

/** The camera and place every benchmark frame comes from. */
export const CAMERA = { cameraId: 'cam-01', location: 'plant-3/line-2' } as const;

/** The JSON body a camera POSTs: the frame base64-encoded, with its camera and location. */
export function postFrameBody(image: Uint8Array): string {
  return JSON.stringify({ ...CAMERA, image: Buffer.from(image).toString('base64') });
}

/**
 * A POST /frames event as API Gateway's REST proxy integration delivers it to the function: the
 * JSON body as a string, the headers a SigV4-signing client and CloudFront add, the request context.
 */
export function apiGatewayEvent(body: string, idempotencyKey?: string): APIGatewayProxyEvent {
  const headers: Record<string, string> = {
    Accept: '*/*',
    Authorization:
      'AWS4-HMAC-SHA256 Credential=ASIABENCH/20261127/us-east-1/execute-api/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=0123456789abcdef',
    'Content-Type': 'application/json',
    Host: 'abc123.execute-api.us-east-1.amazonaws.com',
    'User-Agent': 'camera-gateway/1.0',
    'X-Amz-Date': '20261127T090000Z',
    'X-Amz-Security-Token': 'bench-session-token',
    'X-Amzn-Trace-Id': 'Root=1-67890abc-0123456789abcdef01234567',
    'X-Forwarded-For': '203.0.113.7',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
  };
  return {
    resource: '/frames',
    path: '/frames',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      resourceId: 'res123',
      resourcePath: '/frames',
      httpMethod: 'POST',
      path: '/prod/frames',
      stage: 'prod',
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: 1_796_115_600_000,
      identity: { sourceIp: '203.0.113.7', userAgent: 'camera-gateway/1.0' },
    },
    body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEvent;
}

/**
 * An SQS event carrying one S3 ObjectCreated notification, as the ingest queue delivers it to
 * s3-ingest: the S3 event is the message body, as a JSON string.
 */
export function sqsS3Event(key: string, size: number): SQSEvent {
  const s3Event = {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2026-11-27T09:00:00.000Z',
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:AROABENCH:camera-gateway' },
        requestParameters: { sourceIPAddress: '203.0.113.7' },
        responseElements: {
          'x-amz-request-id': 'C3D13FE58DE4C810',
          'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'ingest-notification',
          bucket: {
            name: 'ppe-ingest-bucket',
            ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
            arn: 'arn:aws:s3:::ppe-ingest-bucket',
          },
          object: {
            key: encodeURIComponent(key).replace(/%2F/g, '/'),
            size,
            eTag: '0123456789abcdef0123456789abcdef',
            sequencer: '0055AED6DCD90281E5',
          },
        },
      },
    ],
  };
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: `AQEB${randomUUID()}`,
        body: JSON.stringify(s3Event),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1796115600000',
          SenderId: 'AIDAIENQZJOLO23YVJ4VO',
          ApproximateFirstReceiveTimestamp: '1796115600010',
        },
        messageAttributes: {},
        md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:ppe-ingest-queue',
        awsRegion: 'us-east-1',
      },
    ],
  };
}
