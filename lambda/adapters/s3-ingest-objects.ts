import { HeadObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';

/** What HeadObject tells about an uploaded frame, without downloading it. */
export interface ObjectHead {
  contentLength: number;
  contentType?: string;
  metadata: Record<string, string>;
  eTag?: string;
  versionId?: string;
}

/** An S3 object's address. */
export interface ObjectAddress {
  bucket: string;
  key: string;
  versionId?: string;
}

/** The ingest bucket as the S3 path sees it: read an object's head, tag its outcome. */
export interface IngestObjects {
  /** Undefined when the object is gone (deleted or expired before it was processed). */
  head(address: ObjectAddress): Promise<ObjectHead | undefined>;
  tag(address: ObjectAddress, tags: Record<string, string>): Promise<void>;
}

const isNotFound = (error: unknown) => {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
};

/** S3 calls of the S3 path: HeadObject and PutObjectTagging only. */
export function makeS3IngestObjects(client: S3Client): IngestObjects {
  const address = ({ bucket, key, versionId }: ObjectAddress) => ({
    Bucket: bucket,
    Key: key,
    ...(versionId ? { VersionId: versionId } : {}),
  });
  return {
    async head(object) {
      try {
        const output = await client.send(new HeadObjectCommand(address(object)));
        return {
          contentLength: output.ContentLength ?? 0,
          ...(output.ContentType ? { contentType: output.ContentType } : {}),
          metadata: output.Metadata ?? {},
          ...(output.ETag ? { eTag: output.ETag } : {}),
          ...(output.VersionId ? { versionId: output.VersionId } : {}),
        };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async tag(object, tags) {
      await client.send(
        new PutObjectTaggingCommand({
          ...address(object),
          Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
        }),
      );
    },
  };
}
