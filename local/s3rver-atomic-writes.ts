import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
// @ts-expect-error s3rver ships no types for its object model
import S3Object from 's3rver/lib/models/object.js';

/** The part of s3rver's filesystem store that a PUT goes through. */
export interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(
    bucket: string,
    key: string,
    metadata: Record<string, string>,
    md5?: string,
  ): Promise<void>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
}

interface StoredObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: Record<string, string>;
}

/** The headers s3rver keeps as an object's metadata, besides x-amz-meta-*. */
const KEPT_HEADERS = new Set<string>(S3Object.ALLOWED_METADATA as string[]);

async function replaceFile(path: string, data: string): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/**
 * Makes s3rver's PUT as atomic as S3's: s3rver writes an object in place and answers before its
 * bytes are all written, so a reader (the replay reading an S3Object) could get half an
 * overwritten image, and a crash right after the answer could leave it truncated. Here the bytes
 * go to a temporary file, renamed over the object once complete, before the upload is answered.
 */
export function makeWritesAtomic(store: FilesystemStore): void {
  store.putMetadata = async (bucket, key, metadata, md5) => {
    const kept = Object.fromEntries(
      Object.entries(metadata).filter(
        ([name]) => KEPT_HEADERS.has(name) || name.startsWith('x-amz-meta-'),
      ),
    );
    if (md5) await replaceFile(store.getResourcePath(bucket, key, 'object.md5'), md5);
    await replaceFile(
      store.getResourcePath(bucket, key, 'metadata.json'),
      JSON.stringify(kept, null, 2),
    );
  };

  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const temporary = `${objectPath}.${randomUUID()}.tmp`;
    const md5 = createHash('md5');
    let size = 0;
    const source = Buffer.isBuffer(object.content)
      ? Readable.from([object.content])
      : object.content;
    try {
      await pipeline(
        source,
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            md5.update(chunk);
            size += chunk.length;
            callback(null, chunk);
          },
        }),
        createWriteStream(temporary),
      );
      // Until its new checksum is written, a reader computes the object's ETag from its bytes.
      await rm(store.getResourcePath(object.bucket, object.key, 'object.md5'), { force: true });
      await rename(temporary, objectPath);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const digest = md5.digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}
