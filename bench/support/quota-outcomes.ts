import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import type { LocalRuntime } from '../../local/start-local-runtime.js';

/** What became of a burst of uploads, by the results table and the detector's answers. */
export interface Outcomes {
  /** Objects with a stored result or rejection. */
  stored: number;
  /** Objects without a stored outcome. */
  lost: number;
  /** Frame records beyond one per object. */
  duplicateRecords: number;
  /** Successful detector calls beyond one per object: paid twice. */
  duplicateDetections: number;
}

/** Counts the frame records of `cameraId` in the results table, by frame id (done ones only). */
async function doneFrames(runtime: LocalRuntime, cameraId: string): Promise<Map<string, number>> {
  const client = new DynamoDBClient({
    endpoint: runtime.urls.dynamodb,
    region: runtime.region,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const frames = new Map<string, number>();
  try {
    const pages = paginateScan(
      { client },
      {
        TableName: runtime.tableName,
        FilterExpression: 'sk = :frame AND cameraId = :camera AND #state = :done',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':frame': { S: 'FRAME' },
          ':camera': { S: cameraId },
          ':done': { S: 'DONE' },
        },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const frameId = item.frameId?.S ?? item.pk?.S ?? '';
        frames.set(frameId, (frames.get(frameId) ?? 0) + 1);
      }
    }
  } finally {
    client.destroy();
  }
  return frames;
}

/**
 * Compares what was uploaded (frame id by object key) with what the table holds and with the
 * detector's successful answers by object key.
 */
export async function countOutcomes(
  runtime: LocalRuntime,
  cameraId: string,
  uploads: Map<string, string>,
  successesByKey: Map<string, number>,
): Promise<Outcomes> {
  const frames = await doneFrames(runtime, cameraId);
  const expected = new Set(uploads.values());
  let stored = 0;
  let duplicateRecords = 0;
  for (const [frameId, count] of frames) {
    if (expected.has(frameId)) stored += 1;
    duplicateRecords += expected.has(frameId) ? count - 1 : count;
  }
  let duplicateDetections = 0;
  for (const key of uploads.keys()) {
    duplicateDetections += Math.max(0, (successesByKey.get(key) ?? 0) - 1);
  }
  return { stored, lost: expected.size - stored, duplicateRecords, duplicateDetections };
}
