import {
  DetectProtectiveEquipmentCommand,
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
      "Rekognition denied the call: the function's role needs rekognition:DetectProtectiveEquipment, " +
      'and for an S3 upload it must be able to read the object (s3:GetObject, and kms:Decrypt if the ' +
      'object is encrypted with a KMS key). Fix the policy or the encryption, then retry.',
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

/**
 * The Rekognition DetectProtectiveEquipment detector. The client's own retries (adaptive mode,
 * set where the client is made) absorb short throttling; what is left is classified for the core.
 */
export function makeRekognitionDetector(client: RekognitionClient): Detector {
  return {
    async detect(image: ImageSource, requirement) {
      const command = new DetectProtectiveEquipmentCommand({
        Image:
          'bytes' in image
            ? { Bytes: image.bytes }
            : {
                S3Object: {
                  Bucket: image.s3.bucket,
                  Name: image.s3.key,
                  ...(image.s3.versionId ? { Version: image.s3.versionId } : {}),
                },
              },
        SummarizationAttributes: {
          MinConfidence: requirement.minConfidence,
          RequiredEquipmentTypes: [...requirement.requiredEquipment] as ProtectiveEquipmentType[],
        },
      });
      try {
        return await client.send(command);
      } catch (error) {
        throw classifyRekognitionError(error);
      }
    },
  };
}
