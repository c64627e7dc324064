import { readFileSync } from 'node:fs';
import type { DetectProtectiveEquipmentResponse } from '@aws-sdk/client-rekognition';

const dir = new URL('../fixtures/rekognition/', import.meta.url);

/** The real fixture image: 1920x1280 JPEG, four workers. */
export const fixtureImage = readFileSync(new URL('ppe-group.jpg', dir));

/** The real DetectProtectiveEquipment request and response for the fixture image. */
export const fixtureRecording = JSON.parse(
  readFileSync(new URL('ppe-group.face-cover-80.json', dir), 'utf8'),
) as {
  request: { SummarizationAttributes: { MinConfidence: number; RequiredEquipmentTypes: string[] } };
  response: DetectProtectiveEquipmentResponse & {
    Summary: {
      PersonsWithRequiredEquipment: number[];
      PersonsWithoutRequiredEquipment: number[];
      PersonsIndeterminate: number[];
    };
  };
};

/** A DetectCustomLabels response for the fixture image, of the documented shape (hand-written). */
export const fixtureCustomLabels = JSON.parse(
  readFileSync(new URL('ppe-group.custom-labels.json', dir), 'utf8'),
) as {
  CustomLabels: {
    Name: string;
    Confidence: number;
    Geometry: { BoundingBox: { Width: number; Height: number; Left: number; Top: number } };
  }[];
};
