import { fileURLToPath } from 'node:url';

/** A frame the overhead benchmark sends through both ingest paths. */
export interface BenchInput {
  /** Short id used in scenario names and result files. */
  id: 'camera-720p' | 'fixture-1280p';
  description: string;
  path: string;
  width: number;
  height: number;
}

const file = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** The real test photo with its recorded Rekognition response: 1920x1280 JPEG, about 2.5 MB. */
export const FIXTURE_FRAME: BenchInput = {
  id: 'fixture-1280p',
  description: 'fixture photo, 1920x1280 JPEG',
  path: file('../../test/fixtures/rekognition/ppe-group.jpg'),
  width: 1920,
  height: 1280,
};

/** A typical camera frame made from the fixture by bench/make-camera-frame.ts: 1280x720, ~200 KB. */
export const CAMERA_FRAME: BenchInput = {
  id: 'camera-720p',
  description: 'camera frame, 1280x720 JPEG',
  path: file('../fixtures/camera-frame-1280x720.jpg'),
  width: 1280,
  height: 720,
};

/** The recorded DetectProtectiveEquipment exchange for the fixture photo (face covers at 80). */
export const REKOGNITION_RECORDING = file(
  '../../test/fixtures/rekognition/ppe-group.face-cover-80.json',
);
