import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ImageKeeper, ImageObjects, StoredImage } from '../core/ports.js';
import { readImageHeader, uprightSize } from '../domain/image-header.js';

const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const isMissing = (error: unknown) =>
  ['NotFound', 'NoSuchKey', 'NoSuchVersion'].includes((error as { name?: string }).name ?? '') ||
  statusOf(error) === 404;

/** Where API-path frames are kept; expires with `incoming/` (see lib/ingest-bucket.ts). */
export const FRAMES_PREFIX = 'frames/';

/** The ingest bucket's images for the image use case; a stored image names no other bucket. */
export function makeS3ImageObjects(client: S3Client, bucket: string): ImageObjects {
  const address = (image: StoredImage) => ({
    Bucket: image.bucket ?? bucket,
    Key: image.key,
    ...(image.versionId ? { VersionId: image.versionId } : {}),
  });
  return {
    async head(image) {
      try {
        const output = await client.send(new HeadObjectCommand(address(image)));
        return { metadata: output.Metadata ?? {} };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async get(image) {
      try {
        const output = await client.send(new GetObjectCommand(address(image)));
        return output.Body ? await output.Body.transformToByteArray() : undefined;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async put(key, bytes, metadata) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentType: 'image/jpeg',
          Metadata: metadata,
        }),
      );
    },
    presign(image, expiresInSeconds) {
      return getSignedUrl(client, new GetObjectCommand(address(image)), {
        expiresIn: expiresInSeconds,
      });
    },
  };
}

/** Keeps API-path frames in the ingest bucket as `frames/<frameId>.<jpg|png>`. */
export function makeS3ImageKeeper(client: S3Client, bucket: string): ImageKeeper {
  return {
    async keep(frameId, bytes) {
      const header = readImageHeader(bytes);
      if (typeof header !== 'object') throw new Error(`Frame ${frameId} is not a JPEG or PNG`);
      const key = `${FRAMES_PREFIX}${frameId}.${header.format === 'png' ? 'png' : 'jpg'}`;
      const output = await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentType: header.format === 'png' ? 'image/png' : 'image/jpeg',
        }),
      );
      return {
        key,
        ...(output.VersionId ? { versionId: output.VersionId } : {}),
        // The size it is shown at, which the person boxes are ratios of.
        ...uprightSize(header),
      };
    },
  };
}
