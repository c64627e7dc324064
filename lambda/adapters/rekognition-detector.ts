import {
  DetectCustomLabelsCommand,
  DetectProtectiveEquipmentCommand,
  type Image,
  type ProtectiveEquipmentType,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import {
  DetectorConfigurationError,
  type DetectorSetupProblem,
  DetectorUnavailableError,
  ImageRejectedError,
} from '../core/errors.js';
import type { Detector, ImageSource } from '../core/ports.js';
import {
  type CustomEquipment,
  type CustomLabelsOutcome,
  customLabelsMinConfidence,
  customModelsFor,
} from '../domain/custom-equipment.js';
import { isBuiltInEquipmentType } from '../domain/equipment.js';
import type { RejectionReason } from '../domain/rejection.js';

/** Rekognition errors that no retry can fix, with what the sender should do about each. */
const REJECTIONS: Record<string, { reason: RejectionReason; remedy: string }> = {
  InvalidImageFormatException: {
    reason: 'not-an-image',
    remedy: 'Rekognition cannot read it as a JPEG or PNG; send a JPEG or PNG image.',
  },
  ImageTooLargeException: {
    reason: 'too-large',
    remedy: 'Rekognition takes at most 4096x4096 pixels and 15 MB from S3; resize the image.',
  },
  InvalidParameterException: {
    reason: 'rejected-by-rekognition',
    remedy: 'Rekognition refused the request; check the image is 64 to 4096 pixels on each side.',
  },
  InvalidS3ObjectException: {
    reason: 'unreadable',
    remedy: 'Rekognition could not read the object; check it exists and is not KMS-encrypted.',
  },
};

/** Errors that every frame gets alike until the setup is fixed, with what to fix. */
const MISCONFIGURATIONS: Record<string, { problem: DetectorSetupProblem; remedy?: string }> = {
  AccessDeniedException: {
    problem: 'access-denied',
    remedy:
      "Rekognition denied the call: the function's role needs rekognition:DetectProtectiveEquipment " +
      '(and rekognition:DetectCustomLabels on the customEquipment model versions, which the stack grants), ' +
      'and for an S3 upload it must be able to read the object (s3:GetObject, and kms:Decrypt if the ' +
      'object is encrypted with a KMS key). Fix the policy or the encryption, then retry.',
  },
  ResourceNotFoundException: {
    problem: 'model-not-found',
    remedy:
      'A Custom Labels model version of "customEquipment" does not exist (or is in another region): ' +
      'check its projectVersionArn with aws rekognition describe-project-versions, fix the configuration and deploy.',
  },
  // Not Rekognition's own: the local replay's answer for an image it has no recording of. Its
  // message already says what to do.
  NoRecordingException: { problem: 'no-recording' },
};

const THROTTLING = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException']);

interface AwsError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Sorts a Rekognition failure into a rejection of the image (final), a configuration error (every
 * frame fails until the setup is fixed) or unavailability (retry later).
 */
export function classifyRekognitionError(error: unknown): Error {
  const { name = 'Error', message = String(error), $metadata } = (error ?? {}) as AwsError;
  const rejection = REJECTIONS[name];
  if (rejection) {
    return new ImageRejectedError(rejection.reason, `${rejection.remedy} (${name}: ${message})`);
  }
  const misconfiguration = MISCONFIGURATIONS[name];
  if (misconfiguration) {
    const { problem, remedy } = misconfiguration;
    return new DetectorConfigurationError(
      problem,
      remedy ? `${remedy} (${name}: ${message})` : message,
      { cause: error },
    );
  }
  if (THROTTLING.has(name)) {
    return new DetectorUnavailableError(`Rekognition is throttling (${name})`, true, {
      cause: error,
    });
  }
  const status = $metadata?.httpStatusCode;
  if (name === 'InternalServerError' || status === undefined || status >= 500) {
    return new DetectorUnavailableError(`Rekognition is unavailable (${name}: ${message})`, false, {
      cause: error,
    });
  }
  // Other 4xx (credentials, say): the stack is misconfigured, not the image; surface it as is.
  return error instanceof Error ? error : new Error(message);
}

/** DetectCustomLabels' answer for a model version that is not running (not started, or stopped). */
export const MODEL_NOT_READY_ERROR = 'ResourceNotReadyException';

function imageOf(image: ImageSource): Image {
  return 'bytes' in image
    ? { Bytes: image.bytes }
    : {
        S3Object: {
          Bucket: image.s3.bucket,
          Name: image.s3.key,
          ...(image.s3.versionId ? { Version: image.s3.versionId } : {}),
        },
      };
}

/**
 * The Rekognition detector: DetectProtectiveEquipment with SummarizationAttributes for the
 * built-in types (without them when a frame requires only custom types, so no Summary comes
 * back), and, in parallel, DetectCustomLabels once per Custom Labels model that the frame's
 * custom types need (`customEquipment`), on the same image (bytes, or the same S3 object
 * version). A model that is not running is reported, not thrown: its types are then uncertain.
 * The client's own retries (adaptive mode, set where the client is made) absorb short
 * throttling; what is left is classified for the core.
 */
export function makeRekognitionDetector(
  client: RekognitionClient,
  customEquipment: readonly CustomEquipment[] = [],
): Detector {
  async function detectCustom(
    image: Image,
    projectVersionArn: string,
    definitions: readonly CustomEquipment[],
  ): Promise<CustomLabelsOutcome> {
    try {
      const output = await client.send(
        new DetectCustomLabelsCommand({
          ProjectVersionArn: projectVersionArn,
          Image: image,
          MinConfidence: customLabelsMinConfidence(definitions),
        }),
      );
      return { projectVersionArn, labels: output.CustomLabels ?? [] };
    } catch (error) {
      if ((error as { name?: string } | undefined)?.name === MODEL_NOT_READY_ERROR) {
        return { projectVersionArn, notRunning: true, message: (error as Error).message };
      }
      throw error;
    }
  }

  return {
    async detect(source: ImageSource, requirement) {
      const image = imageOf(source);
      const builtIn = requirement.requiredEquipment.filter(isBuiltInEquipmentType);
      const models = customModelsFor(requirement.requiredEquipment, customEquipment);
      const ppe = client.send(
        new DetectProtectiveEquipmentCommand({
          Image: image,
          ...(builtIn.length > 0 || models.size === 0
            ? {
                SummarizationAttributes: {
                  MinConfidence: requirement.minConfidence,
                  RequiredEquipmentTypes: builtIn as ProtectiveEquipmentType[],
                },
              }
            : {}),
        }),
      );
      const custom = [...models].map(([arn, definitions]) => detectCustom(image, arn, definitions));
      try {
        const [response, ...customLabels] = await Promise.all([ppe, ...custom]);
        return models.size > 0 ? { ...response, customLabels } : response;
      } catch (error) {
        throw classifyRekognitionError(error);
      }
    },
  };
}
