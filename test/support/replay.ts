import type { DetectProtectiveEquipmentCommandInput } from '@aws-sdk/client-rekognition';
import { summariseRecording } from '../../local/replay-recordings.js';
import { fixtureRecording } from './fixtures.js';

/**
 * The fixture's recorded detections, answered for any SummarizationAttributes: the Summary is
 * recomputed as the local replay detector does, by the DESIGN.md rules, which reproduce
 * Rekognition's own on the recorded request.
 */
export function replayFixture(input: DetectProtectiveEquipmentCommandInput) {
  return summariseRecording(fixtureRecording.response, input.SummarizationAttributes);
}
