import { knownEquipmentTypes } from '../domain/equipment.js';
import { makeApiIngestHandler } from '../handlers/api-ingest.js';
import { withCors } from '../handlers/cors.js';
import { customEquipment, policies, wireAnalyseFrame } from './analyse-frame-wiring.js';
import { consoleOrigins, requireEnv } from './env.js';
import { instrument, logError } from './powertools.js';

/**
 * Lambda entry of POST /frames: one request per container at a time, so no pacing. Each analysed
 * frame's image is kept in the ingest bucket for the console.
 */
export const handler = instrument(
  withCors(
    makeApiIngestHandler({
      analyseFrame: wireAnalyseFrame({ imageBucket: requireEnv('INGEST_BUCKET') }),
      policies,
      knownEquipment: knownEquipmentTypes(customEquipment.map((entry) => entry.type)),
      logError,
    }),
    consoleOrigins(),
  ),
);
