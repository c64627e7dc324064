import * as z from 'zod';
import { MIN_CONFIDENCE_CEILING, MIN_CONFIDENCE_FLOOR } from '../domain/equipment.js';

/** What a MinConfidence value may be, in words: for messages and the gateway's error text. */
export const MIN_CONFIDENCE_RANGE = `a number from ${MIN_CONFIDENCE_FLOOR} to ${MIN_CONFIDENCE_CEILING}`;

/** The message for a MinConfidence out of Rekognition's range, after the field's name. */
export const MIN_CONFIDENCE_MESSAGE = `must be ${MIN_CONFIDENCE_RANGE}`;

/**
 * A MinConfidence in Rekognition's range (DESIGN.md), the one schema every input uses: the POST
 * body, S3 metadata, policies and the stack's configuration. `message` replaces zod's own
 * messages; without it, zod's ("Too small: expected number to be >=50") are kept.
 */
export function minConfidenceSchema(message?: string) {
  const error = message === undefined ? undefined : { error: message };
  return z.number(error).min(MIN_CONFIDENCE_FLOOR, error).max(MIN_CONFIDENCE_CEILING, error);
}
