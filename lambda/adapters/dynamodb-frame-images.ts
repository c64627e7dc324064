import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BlurPerson, FrameImageRecords, StoredImage } from '../core/ports.js';
import { withStoreErrors } from './dynamodb-errors.js';
import { queryAll } from './dynamodb-pages.js';
import { ACCESS_PREFIX, frameKey } from './results-table-items.js';

/**
 * The results table as the image use case sees it: one Query reads the frame record (where its
 * image is) and its person records (their boxes); each view of an original is appended to the
 * frame's trail as `ACCESS#<at>#<random>`, never overwriting another.
 */
export function makeDynamoDbFrameImages(
  client: DynamoDBDocumentClient,
  tableName: string,
): FrameImageRecords {
  return withStoreErrors({
    async find(frameId) {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': frameKey(frameId).pk },
      });
      const frame = items.find((item) => item.sk === 'FRAME');
      if (frame?.state !== 'DONE') return undefined;
      const persons = items
        .filter((item) => String(item.sk).startsWith('PERSON#'))
        .map((item) => item as unknown as BlurPerson);
      return {
        status: String(frame.status),
        ...(frame.image ? { image: frame.image as StoredImage } : {}),
        persons,
        ...(typeof frame.expiresAt === 'number' ? { retainUntil: frame.expiresAt } : {}),
      };
    },
    async recordOriginalAccess({ frameId, by, at, retainUntil }) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: frameKey(frameId).pk,
            sk: `${ACCESS_PREFIX}${at}#${randomUUID().slice(0, 8)}`,
            kind: 'original-image-access',
            frameId,
            by,
            at,
            ...(retainUntil ? { expiresAt: retainUntil } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
  });
}
