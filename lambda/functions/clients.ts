import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './powertools.js';

/**
 * AWS clients, made once per container and traced by X-Ray. Endpoints follow the SDK's own
 * AWS_ENDPOINT_URL_<SERVICE> variables, so the same code runs against local stand-ins.
 */
export const documentClient = () =>
  DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });

/** Rekognition with adaptive retries: the client slows itself down when the quota throttles. */
export const rekognitionClient = () =>
  tracer.captureAWSv3Client(new RekognitionClient({ retryMode: 'adaptive', maxAttempts: 4 }));

/** S3, with checksums only where required (local S3 stand-ins mishandle the default ones). */
export const s3Client = () =>
  tracer.captureAWSv3Client(
    new S3Client({
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  );

export const snsClient = () => tracer.captureAWSv3Client(new SNSClient({}));
