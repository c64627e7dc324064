import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReportStore } from '../core/run-scheduled-report.js';

/** Writes report files to the reports bucket (encrypted at rest by the bucket's default). */
export function makeS3ReportStore(client: S3Client, bucket: string): ReportStore {
  return {
    bucket,
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
    },
  };
}
