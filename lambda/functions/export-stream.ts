import { FirehoseClient } from '@aws-sdk/client-firehose';
import { makeFirehoseExportSink } from '../adapters/firehose-export-sink.js';
import { makeExportChanges } from '../core/export-changes.js';
import { makeExportStreamHandler } from '../handlers/export-stream.js';
import { requireEnv } from './env.js';
import { instrument, logger, tracer } from './powertools.js';

/** Lambda entry of the analytics export, on the results table's stream. */
export const handler = instrument(
  makeExportStreamHandler({
    exportChanges: makeExportChanges(
      makeFirehoseExportSink(tracer.captureAWSv3Client(new FirehoseClient({})), {
        frames: requireEnv('FRAMES_STREAM'),
        persons: requireEnv('PERSONS_STREAM'),
        reviews: requireEnv('REVIEWS_STREAM'),
        hourly: requireEnv('HOURLY_STREAM'),
      }),
    ),
    logError: (message, details) => logger.error(message, details),
  }),
);
