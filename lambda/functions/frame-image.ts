import { makeDynamoDbFrameImages } from '../adapters/dynamodb-frame-images.js';
import { makeS3ImageObjects } from '../adapters/s3-image-objects.js';
import { makeSharpHeadBlur } from '../adapters/sharp-head-blur.js';
import { makeFrameImage } from '../core/frame-image.js';
import { withCors } from '../handlers/cors.js';
import { makeGetFrameImageHandler } from '../handlers/get-frame-image.js';
import { documentClient, s3Client } from './clients.js';
import { consoleOrigins, requireEnv } from './env.js';
import { instrument, logError } from './powertools.js';

const frameImage = makeFrameImage({
  records: makeDynamoDbFrameImages(documentClient(), requireEnv('TABLE_NAME')),
  objects: makeS3ImageObjects(s3Client(), requireEnv('INGEST_BUCKET')),
  blur: makeSharpHeadBlur(),
  logError,
});

/**
 * Lambda entry of GET /frames/{frameId}/image and .../image/original: the only function with
 * sharp (bundled as its linux-arm64 build). CALLER_FALLBACK names the caller where the request
 * context has none (the local runtime sets `local`).
 */
export const handler = instrument(
  withCors(
    makeGetFrameImageHandler({
      frameImage,
      logError,
      ...(process.env.CALLER_FALLBACK ? { defaultCaller: process.env.CALLER_FALLBACK } : {}),
    }),
    consoleOrigins(),
  ),
);
