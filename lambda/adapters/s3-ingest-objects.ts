import { HeadObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import type { IngestObjects, ObjectAddress, ObjectHead } from '../core/ports.js';

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
