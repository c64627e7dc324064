import type { CameraRecord, StoredFrame } from '../core/ports.js';

/** The partition of the camera records: one item per camera, so that one Query lists them. */
export const CAMERAS_PARTITION = 'CAMERAS';

/** What a camera's newest frame shows in the camera list. */
function lastFrameOf(frame: StoredFrame): CameraRecord['lastFrame'] {
  const persons = 'persons' in frame ? frame.persons : [];
  const missing = new Set(
    persons.filter((p) => p.status === 'violation').flatMap((p) => p.missingEquipment),
  );
  return {
    frameId: frame.frameId,
    capturedAt: frame.capturedAt,
    status: frame.status,
    personsTotal: persons.length,
    missingEquipment: [...missing].sort(),
  };
}

/**
 * The UpdateItem that makes a frame its camera's newest, only when it is newer than the one the
 * record holds (frames arrive out of order); it expires with the frame, so a camera silent for
 * the whole retention leaves the list.
 */
export function cameraUpdate(tableName: string, frame: StoredFrame, expiresAt: number) {
  return {
    TableName: tableName,
    Key: { pk: CAMERAS_PARTITION, sk: frame.cameraId },
    UpdateExpression:
      'SET cameraId = :camera, lastCapturedAt = :at, lastFrame = :frame, expiresAt = :expires' +
      (frame.location ? ', #location = :location' : ' REMOVE #location'),
    ConditionExpression: 'attribute_not_exists(pk) OR lastCapturedAt < :at',
    ExpressionAttributeNames: { '#location': 'location' },
    ExpressionAttributeValues: {
      ':camera': frame.cameraId,
      ':at': frame.capturedAt,
      ':frame': lastFrameOf(frame),
      ':expires': expiresAt,
      ...(frame.location ? { ':location': frame.location } : {}),
    },
  };
}

/** A camera record as GET /cameras lists it. */
export function fromCameraItem(item: Record<string, unknown>): CameraRecord {
  return {
    cameraId: String(item.cameraId),
    ...(item.location ? { location: String(item.location) } : {}),
    lastFrame: item.lastFrame as CameraRecord['lastFrame'],
  };
}
