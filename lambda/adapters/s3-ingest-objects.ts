import { HeadObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';

/** What HeadObject tells about an uploaded frame, without downloading it. */
export interface ObjectHead {
  contentLength: number;
  contentType?: string;
  metadata: Record<string, string>;
  eTag?: string;
  versionId?: string;
}

/**
 * An S3 object version as an event names it: by version id where the bucket is versioned, else
 * by ETag, so that an overwrite before processing is told apart from the object the event meant.
 */
export interface ObjectAddress {
  bucket: string;
  key: string;
  versionId?: string;
  eTag?: string;
}

/** What HeadObject found at an address. */
export type HeadOutcome =
  | { kind: 'found'; head: ObjectHead }
  /** Deleted or expired before it was processed (no such key, version, or a delete marker). */
  | { kind: 'gone' }
  /** The key holds other bytes now (its ETag no longer matches): a newer upload replaced it. */
  | { kind: 'replaced' };

/** The ingest bucket as the S3 path sees it: read an object's head, tag its outcome. */
export interface IngestObjects {
  head(address: ObjectAddress): Promise<HeadOutcome>;
  /** Tags the object version; resolves to false when it is gone, which nothing can tag. */
  tag(address: ObjectAddress, tags: Record<string, string>): Promise<boolean>;
}

const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const nameOf = (error: unknown) => (error as { name?: string }).name;

/** S3's answers for a key or version that is not there (405: the version is a delete marker). */
const isGone = (error: unknown) =>
  ['NotFound', 'NoSuchKey', 'NoSuchVersion', 'MethodNotAllowed'].includes(nameOf(error) ?? '') ||
  statusOf(error) === 404 ||
  statusOf(error) === 405;
const isReplaced = (error: unknown) =>
  nameOf(error) === 'PreconditionFailed' || statusOf(error) === 412;

/** An ETag as an If-Match header carries it: quoted (events carry it bare). */
const quoted = (eTag: string) => (eTag.startsWith('"') ? eTag : `"${eTag}"`);

/** S3 calls of the S3 path: HeadObject and PutObjectTagging only, on the event's version. */
export function makeS3IngestObjects(client: S3Client): IngestObjects {
  const address = ({ bucket, key, versionId }: ObjectAddress) => ({
    Bucket: bucket,
    Key: key,
    ...(versionId ? { VersionId: versionId } : {}),
  });
  return {
    async head(object) {
      try {
        const output = await client.send(
          new HeadObjectCommand({
            ...address(object),
            ...(!object.versionId && object.eTag ? { IfMatch: quoted(object.eTag) } : {}),
          }),
        );
        const head: ObjectHead = {
          contentLength: output.ContentLength ?? 0,
          ...(output.ContentType ? { contentType: output.ContentType } : {}),
          metadata: output.Metadata ?? {},
          ...(output.ETag ? { eTag: output.ETag } : {}),
          ...(output.VersionId ? { versionId: output.VersionId } : {}),
        };
        return { kind: 'found', head };
      } catch (error) {
        if (isGone(error)) return { kind: 'gone' };
        if (isReplaced(error)) return { kind: 'replaced' };
        throw error;
      }
    },
    async tag(object, tags) {
      try {
        await client.send(
          new PutObjectTaggingCommand({
            ...address(object),
            Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
          }),
        );
        return true;
      } catch (error) {
        if (isGone(error)) return false;
        throw error;
      }
    },
  };
}
