import { makeApiIngestHandler } from '../handlers/api-ingest.js';
import { analyseFrame, policies } from './analyse-frame-wiring.js';
import { instrument, logError } from './powertools.js';

/** Lambda entry of POST /frames. */
export const handler = instrument(makeApiIngestHandler({ analyseFrame, policies, logError }));
