import { makeS3IngestObjects } from '../adapters/s3-ingest-objects.js';
import { makeS3IngestHandler } from '../handlers/s3-ingest.js';
import { analyseFrame, policies } from './analyse-frame-wiring.js';
import { s3Client } from './clients.js';
import { instrument, logger } from './powertools.js';

/** Lambda entry of the S3 path, on the ingest queue. */
export const handler = instrument(
  makeS3IngestHandler({
    analyseFrame,
    objects: makeS3IngestObjects(s3Client()),
    policies,
    log: {
      info: (message, details) => logger.info(message, details),
      error: (message, details) => logger.error(message, details),
    },
  }),
);
