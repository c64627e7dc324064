import { makeApiIngestHandler } from '../handlers/api-ingest.js';
import { policies, wireAnalyseFrame } from './analyse-frame-wiring.js';
import { instrument, logError } from './powertools.js';

/** Lambda entry of POST /frames: one request per container at a time, so no pacing. */
export const handler = instrument(
  makeApiIngestHandler({ analyseFrame: wireAnalyseFrame(), policies, logError }),
);
