import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  DetectProtectiveEquipmentResponse,
  ProtectiveEquipmentSummarizationAttributes,
} from '@aws-sdk/client-rekognition';
import { isBuiltInEquipmentType } from '../lambda/domain/equipment.js';
import { evaluatePersons, summarise } from '../lambda/domain/evaluate-persons.js';
import { readImageHeader } from '../lambda/domain/image-header.js';

/**
 * The replay's error for an image it cannot answer (no recording, or an unusable one): a 4xx
 * that the Rekognition adapter classifies as a detector configuration error, so that nothing is
 * stored for the frame.
 */
export const NO_RECORDING_ERROR = 'NoRecordingException';

/** A response with no person in view, for PPE_REPLAY_FALLBACK: new images then answer "empty". */
export const EMPTY_SCENE_RECORDING = fileURLToPath(
  new URL('./samples/empty-scene.json', import.meta.url),
);

/** A Rekognition error to answer with: its `__type` and message. */
export interface ReplayError {
  type: string;
  message: string;
}

/** What the replay detector answers: a response, or an error Rekognition would give. */
export type ReplayOutcome =
  | { response: DetectProtectiveEquipmentResponse; sha256: string }
  | { error: ReplayError; sha256?: string; missingRecording?: boolean };

/** The hex sha256 that names an image's recording. */
export function imageSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The Summary Rekognition would give for these SummarizationAttributes, recomputed from the
 * recorded persons by the DESIGN.md rules, so that one recording serves any request. Without
 * SummarizationAttributes Rekognition gives no Summary, and neither does this.
 */
export function summariseRecording(
  recording: DetectProtectiveEquipmentResponse,
  attributes: ProtectiveEquipmentSummarizationAttributes | undefined,
): DetectProtectiveEquipmentResponse {
  const { Summary: _recorded, ...response } = recording;
  if (!attributes) return response;
  // Rekognition's Summary knows only its own types.
  const summary = summarise(
    evaluatePersons(response.Persons ?? [], {
      requiredEquipment: (attributes.RequiredEquipmentTypes ?? []).filter(isBuiltInEquipmentType),
      minConfidence: attributes.MinConfidence ?? 50,
    }),
  );
  return {
    ...response,
    Summary: {
      PersonsWithRequiredEquipment: summary.personsWithRequiredEquipment,
      PersonsWithoutRequiredEquipment: summary.personsWithoutRequiredEquipment,
      PersonsIndeterminate: summary.personsIndeterminate,
    },
  };
}

/** What Rekognition says about the image itself before looking for persons, if anything. */
function imageProblem(bytes: Uint8Array): ReplayError | undefined {
  const header = readImageHeader(bytes);
  if (typeof header === 'string') {
    return { type: 'InvalidImageFormatException', message: 'Request has invalid image format' };
  }
  if (Math.min(header.width, header.height) < 64) {
    return {
      type: 'InvalidParameterException',
      message: `The image is ${header.width}x${header.height} pixels; the minimum is 64x64.`,
    };
  }
  if (Math.max(header.width, header.height) > 4096) {
    return { type: 'ImageTooLargeException', message: 'Image size is too large.' };
  }
  return undefined;
}

/** How to get past an image that has no recording: what to do first, then why. */
export function missingRecordingMessage(sha256: string, dir: string): string {
  return (
    `Add a recording for this image (sha256 ${sha256}): save its DetectProtectiveEquipment ` +
    `response as ${join(dir, `${sha256}.json`)}; or restart with ` +
    `PPE_REPLAY_FALLBACK=${EMPTY_SCENE_RECORDING} to answer every image without a recording ` +
    'as a scene with no persons; or with PPE_DETECTOR=rekognition to call Amazon Rekognition ' +
    'with your AWS credentials. The local replay detector has no recorded response for it.'
  );
}

/**
 * The response a recording file holds, bare or as the `{request, response}` pair the test
 * fixtures keep, if `isResponse` takes it; `missing` when there is no such file.
 */
async function readResponseFile<T>(
  file: string,
  isResponse: (value: Partial<T>) => boolean,
): Promise<T | 'missing' | 'invalid'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const json = JSON.parse(text) as { response?: unknown };
    const response = (json.response ?? json) as Partial<T>;
    return isResponse(response) ? (response as T) : 'invalid';
  } catch {
    return 'invalid';
  }
}

const readRecording = (file: string) =>
  readResponseFile<DetectProtectiveEquipmentResponse>(file, (response) =>
    Array.isArray(response.Persons),
  );

/**
 * Reads the recording that answers every image without its own (PPE_REPLAY_FALLBACK), failing
 * with its path when it is missing or not a DetectProtectiveEquipment response.
 */
export async function loadReplayFallback(file: string): Promise<DetectProtectiveEquipmentResponse> {
  const recording = await readRecording(file);
  if (recording === 'missing') {
    throw new Error(
      `The replay fallback ${file} does not exist: set PPE_REPLAY_FALLBACK to a DetectProtectiveEquipment response, such as ${EMPTY_SCENE_RECORDING}.`,
    );
  }
  if (recording === 'invalid') {
    throw new Error(
      `The replay fallback ${file} is not a DetectProtectiveEquipment response with "Persons": fix it, or use ${EMPTY_SCENE_RECORDING}.`,
    );
  }
  return recording;
}

/**
 * Answers DetectProtectiveEquipment for image bytes from the recording named by their sha256 in
 * `dir`, read at each call so that recordings can be added while the runtime runs; an image
 * without one gets the `fallback` when there is one, else a NoRecordingException.
 */
export async function replayDetection(
  dir: string,
  bytes: Uint8Array,
  attributes: ProtectiveEquipmentSummarizationAttributes | undefined,
  fallback?: DetectProtectiveEquipmentResponse,
): Promise<ReplayOutcome> {
  const problem = imageProblem(bytes);
  if (problem) return { error: problem };
  const sha256 = imageSha256(bytes);
  const file = join(dir, `${sha256}.json`);
  const recording = await readRecording(file);
  if (recording === 'missing') {
    if (fallback) return { sha256, response: summariseRecording(fallback, attributes) };
    return {
      sha256,
      missingRecording: true,
      error: { type: NO_RECORDING_ERROR, message: missingRecordingMessage(sha256, dir) },
    };
  }
  if (recording === 'invalid') {
    return {
      sha256,
      error: {
        type: NO_RECORDING_ERROR,
        message: `Fix or replace the recording ${file}: it is not a DetectProtectiveEquipment response with "Persons".`,
      },
    };
  }
  return { sha256, response: summariseRecording(recording, attributes) };
}

/** A recorded DetectCustomLabels response, as `aws rekognition detect-custom-labels` prints it. */
export interface CustomLabelsRecording {
  CustomLabels: { Name?: string; Confidence?: number; Geometry?: unknown }[];
}

/** The part of a Custom Labels model version ARN that names its recording: `<project>.<version>`. */
export function modelRecordingName(projectVersionArn: string): string | undefined {
  const match = /:project\/([^/]+)\/version\/([^/]+)\/\d+$/.exec(projectVersionArn);
  return match ? `${match[1]}.${match[2]}` : undefined;
}

/**
 * The files that may hold an image's DetectCustomLabels answer for a model, in the order they
 * are tried: one for that model (`<sha256>.custom-labels.<project>.<version>.json`), then one for
 * every model (`<sha256>.custom-labels.json`).
 */
export function customLabelsRecordingFiles(
  dir: string,
  sha256: string,
  projectVersionArn: string,
): string[] {
  const model = modelRecordingName(projectVersionArn);
  return [
    ...(model ? [join(dir, `${sha256}.custom-labels.${model}.json`)] : []),
    join(dir, `${sha256}.custom-labels.json`),
  ];
}

const readCustomLabelsRecording = (file: string) =>
  readResponseFile<CustomLabelsRecording>(file, (response) => Array.isArray(response.CustomLabels));

/** What a DetectCustomLabels replay answers: the labels above MinConfidence, or an error. */
export type CustomLabelsReplayOutcome =
  | { response: CustomLabelsRecording }
  | { error: ReplayError; missingRecording?: boolean };

/**
 * Answers DetectCustomLabels for image bytes from its recording (read at each call), keeping only
 * the labels at MinConfidence or more, as Rekognition does. An image without one gets no labels
 * when the runtime has a fallback (a scene with no one in it), else a NoRecordingException that
 * says which file to save.
 */
export async function replayCustomLabels(
  dir: string,
  bytes: Uint8Array,
  projectVersionArn: string,
  minConfidence: number | undefined,
  hasFallback: boolean,
): Promise<CustomLabelsReplayOutcome> {
  const problem = imageProblem(bytes);
  if (problem) return { error: problem };
  const sha256 = imageSha256(bytes);
  const files = customLabelsRecordingFiles(dir, sha256, projectVersionArn);
  for (const file of files) {
    const recording = await readCustomLabelsRecording(file);
    if (recording === 'missing') continue;
    if (recording === 'invalid') {
      return {
        error: {
          type: NO_RECORDING_ERROR,
          message: `Fix or replace the recording ${file}: it is not a DetectCustomLabels response with "CustomLabels".`,
        },
      };
    }
    const floor = minConfidence ?? 0;
    return {
      response: {
        CustomLabels: recording.CustomLabels.filter((label) => (label.Confidence ?? 0) >= floor),
      },
    };
  }
  if (hasFallback) return { response: { CustomLabels: [] } };
  return {
    missingRecording: true,
    error: {
      type: NO_RECORDING_ERROR,
      message:
        `Add a Custom Labels recording for this image (sha256 ${sha256}): save the ` +
        `DetectCustomLabels response of ${projectVersionArn} as ${files[0]} (or as ` +
        `${join(dir, `${sha256}.custom-labels.json`)} for every model); or restart with ` +
        `PPE_REPLAY_FALLBACK=${EMPTY_SCENE_RECORDING}, or with PPE_DETECTOR=rekognition. The ` +
        'local replay detector has no recorded DetectCustomLabels response for it.',
    },
  };
}
