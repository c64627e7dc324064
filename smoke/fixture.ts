import { readFileSync } from 'node:fs';

/**
 * The fixture frame: four workers wearing face and head covers but no gloves (from
 * aws-samples/amazon-rekognition-ppe, MIT-0), whose real Rekognition response the local
 * runtime replays. HAND_COVER makes all four violations; FACE_COVER and HEAD_COVER at 80 make
 * all four compliant.
 */
export const FIXTURE_IMAGE: Buffer = readFileSync(
  new URL('../test/fixtures/rekognition/ppe-group.jpg', import.meta.url),
);

/** Requirements under which the fixture's four workers comply. */
export const COMPLIANT_POLICY = {
  requiredEquipment: ['FACE_COVER', 'HEAD_COVER'],
  minConfidence: 80,
};

/** Requirements under which the fixture's four workers all lack one item. */
export const VIOLATING_POLICY = { requiredEquipment: ['HAND_COVER'], minConfidence: 80 };

/** Where the smoke test's frames say they come from. */
export const SMOKE_LOCATION = 'smoke-test';
