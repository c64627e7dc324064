import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../core/errors.js';
import type {
  PersonLookup,
  PersonReview,
  ReviewChange,
  ReviewEntry,
  ReviewedPerson,
  ReviewStore,
} from '../core/ports.js';
import { cancellationCodes, isTransactionConflict, withStoreErrors } from './dynamodb-errors.js';
import { queryAll } from './dynamodb-pages.js';
import { ACCESS_PREFIX, frameKey, personSortKey, REVIEW_PREFIX } from './results-table-items.js';
import { falsePositiveUpdate } from './stats-items.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often a review is tried while concurrent writers hold its items (TransactionConflict). */
const CONFLICT_RETRY = { attempts: 8, baseMs: 50, capMs: 1000 };

/**
 * A trail entry's sort key: oldest first by time, then person; the random tail keeps two
 * entries of one millisecond apart.
 */
const trailSortKey = (entry: ReviewEntry) =>
  `${REVIEW_PREFIX}${entry.reviewedAt}#${String(entry.personId).padStart(2, '0')}#${randomBytes(6).toString('hex')}`;

function toReviewedPerson(item: Record<string, unknown>): ReviewedPerson {
  return {
    frameId: String(item.frameId),
    personId: Number(item.personId),
    status: String(item.status),
    cameraId: String(item.cameraId),
    ...(item.location ? { location: String(item.location) } : {}),
    capturedAt: String(item.capturedAt),
    missingEquipment: (item.missingEquipment as string[] | undefined) ?? [],
    expiresAt: Number(item.expiresAt),
    ...(item.review ? { review: item.review as PersonReview } : {}),
    reviewCount: Number(item.reviewCount ?? 0),
  };
}

function toEntry(item: Record<string, unknown>): ReviewEntry {
  return {
    personId: Number(item.personId),
    disposition: item.disposition as ReviewEntry['disposition'],
    ...(typeof item.comment === 'string' ? { comment: item.comment } : {}),
    reviewedBy: String(item.reviewedBy),
    reviewedAt: String(item.reviewedAt),
  };
}

/**
 * Reviews in the results table: the person record's `review` (with `reviewCount`, the version
 * a change is conditional on), trail items beside the frame (pk `FRAME#<frameId>`, sk
 * `REVIEW#<reviewedAt>#<nn>#<random>`) and the hour's statistics item, in one transaction.
 */
export function makeDynamoDbReviewStore(
  client: DynamoDBDocumentClient,
  options: { tableName: string; conflictRetry?: typeof CONFLICT_RETRY },
): ReviewStore {
  const { tableName } = options;
  const retry = options.conflictRetry ?? CONFLICT_RETRY;

  async function storedFrame(frameId: string) {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: frameKey(frameId), ConsistentRead: true }),
    );
    return Item?.state === 'DONE' ? Item : undefined;
  }

  function transaction({ person, entry, falsePositiveDelta }: ReviewChange) {
    const review: PersonReview = {
      disposition: entry.disposition,
      reviewedBy: entry.reviewedBy,
      reviewedAt: entry.reviewedAt,
    };
    return new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: { pk: frameKey(person.frameId).pk, sk: personSortKey(person.personId) },
            UpdateExpression: 'SET #review = :review, reviewCount = :next',
            ConditionExpression:
              person.reviewCount === 0
                ? '#status = :violation AND attribute_not_exists(reviewCount)'
                : '#status = :violation AND reviewCount = :count',
            ExpressionAttributeNames: { '#review': 'review', '#status': 'status' },
            ExpressionAttributeValues: {
              ':review': review,
              ':next': person.reviewCount + 1,
              ':violation': 'violation',
              ...(person.reviewCount === 0 ? {} : { ':count': person.reviewCount }),
            },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: {
              pk: frameKey(person.frameId).pk,
              sk: trailSortKey(entry),
              kind: 'review',
              ...entry,
              expiresAt: person.expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(falsePositiveDelta === 0
          ? []
          : [
              {
                Update: falsePositiveUpdate(
                  tableName,
                  person,
                  person.missingEquipment,
                  falsePositiveDelta,
                ),
              },
            ]),
      ],
    });
  }

  return withStoreErrors({
    async person(frameId: string, personId: number): Promise<PersonLookup> {
      const [frame, { Item }] = await Promise.all([
        storedFrame(frameId),
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: { pk: frameKey(frameId).pk, sk: personSortKey(personId) },
            ConsistentRead: true,
          }),
        ),
      ]);
      if (!frame) return { kind: 'frame-not-found' };
      if (!Item) return { kind: 'person-not-found' };
      return { kind: 'found', person: toReviewedPerson(Item) };
    },

    async record(change: ReviewChange) {
      const command = transaction(change);
      for (let attempt = 1; ; attempt++) {
        try {
          await client.send(command);
          return 'recorded';
        } catch (error) {
          const [personCode] = cancellationCodes(error);
          if (personCode === 'ConditionalCheckFailed') {
            return change.person.status === 'violation' ? 'stale' : 'not-a-violation';
          }
          if (!isTransactionConflict(error)) throw error;
          if (attempt >= retry.attempts) {
            throw new StoreUnavailableError(
              `The review of frame ${change.person.frameId} lost ${attempt} transactions in a row to concurrent writers`,
              false,
              { cause: error },
            );
          }
          await sleep(Math.random() * Math.min(retry.capMs, retry.baseMs * 2 ** attempt));
        }
      }
    },

    async trail(frameId: string) {
      if (!(await storedFrame(frameId))) return undefined;
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :review)',
        ExpressionAttributeValues: { ':pk': frameKey(frameId).pk, ':review': REVIEW_PREFIX },
      });
      return items.filter((item) => item.kind === 'review').map(toEntry);
    },

    async originalAccesses(frameId: string) {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :access)',
        ExpressionAttributeValues: { ':pk': frameKey(frameId).pk, ':access': ACCESS_PREFIX },
      });
      return items
        .filter((item) => item.kind === 'original-image-access')
        .map((item) => ({ by: String(item.by), at: String(item.at) }));
    },
  });
}
