import { makeApiIngestHandler } from '../handlers/api-ingest.js';
import { withCors } from '../handlers/cors.js';
import { policies, wireAnalyseFrame } from './analyse-frame-wiring.js';
import { consoleOrigins } from './env.js';
import { instrument, logError } from './powertools.js';

/** Lambda entry of POST /frames: one request per container at a time, so no pacing. */
export const handler = instrument(
  withCors(
    makeApiIngestHandler({ analyseFrame: wireAnalyseFrame(), policies, logError }),
    consoleOrigins(),
  ),
);
