import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../core/errors.js';
import type {
  Claim,
  ClaimOutcome,
  ClaimRequest,
  ResultsStore,
  StoredFrame,
  StoredImage,
} from '../core/ports.js';
import type { FrameResult } from '../domain/frame-result.js';
import type { FrameRejection } from '../domain/rejection.js';
import { cameraUpdate } from './camera-items.js';
import { isTransactionConflict, withStoreErrors } from './dynamodb-errors.js';
import { queryAll } from './dynamodb-pages.js';
import { frameKey, fromItems, toFrameItem, toPersonItems } from './results-table-items.js';
import { statsUpdate } from './stats-items.js';

/** Where and how long results are kept. */
export interface ResultsTableOptions {
  tableName: string;
  /** Days a result is kept before DynamoDB's TTL removes it. */
  retentionDays: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
  /**
   * How often a frame's commit is tried when concurrent commits hold its hour's statistics item
   * (TransactionConflict), with capped, full-jitter exponential back-off between tries.
   * @default { attempts: 12, baseMs: 50, capMs: 2000 }
   */
  commitRetry?: { attempts: number; baseMs: number; capMs: number };
  /**
   * Told when the camera list could not be moved to a committed frame for a reason other than a
   * newer frame being there already (throttling, an outage): the frame is stored, the list is a
   * frame behind, and operators should see how often.
   */
  onCameraListFailure?: (frame: { frameId: string; cameraId: string }, error: unknown) => void;
}

const BATCH_LIMIT = 25;
const UNPROCESSED_RETRIES = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const COMMIT_RETRY = { attempts: 12, baseMs: 50, capMs: 2000 };

/**
 * The results table behind the ResultsStore port. Person records are written first (idempotent
 * puts); the frame record is the commit point, written in one transaction with its hour's
 * statistics. dynalite lacks transactions: locally they go through local/dynamodb-transactions.
 */
export function makeDynamoDbResultsStore(
  client: DynamoDBDocumentClient,
  options: ResultsTableOptions,
): ResultsStore {
  const { tableName } = options;
  const now = options.now ?? Date.now;
  const expiresAt = () => Math.floor(now() / 1000) + options.retentionDays * 86_400;
  const retry = options.commitRetry ?? COMMIT_RETRY;

  async function readFrame(frameId: string, consistent: boolean) {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': frameKey(frameId).pk },
      ConsistentRead: consistent,
    });
    const frameItem = items.find((item) => item.sk === 'FRAME');
    return { frameItem, personItems: items.filter((item) => item.sk !== 'FRAME') };
  }

  async function putPersons(items: Record<string, unknown>[]) {
    for (let start = 0; start < items.length; start += BATCH_LIMIT) {
      let requests = items
        .slice(start, start + BATCH_LIMIT)
        .map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > UNPROCESSED_RETRIES) {
          throw new Error(`DynamoDB left ${requests.length} person records unwritten`);
        }
        if (attempt > 0) await sleep(50 * 2 ** attempt);
        const output = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (output.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  }

  /**
   * Commits a frame: its record replaces the claim (only while the claim is still ours) and its
   * counts join its hour's statistics, in one transaction, so that no retry counts it twice.
   * Frames of one camera and hour share that statistics item, so concurrent commits cancel each
   * other with TransactionConflict, which the SDK does not retry: this does, with the same result
   * and claim (no second detector call), and gives up as a StoreUnavailableError.
   */
  async function commitFrame(
    frame: StoredFrame,
    claim: Claim,
    expiry: number,
    image?: StoredImage,
  ) {
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: toFrameItem(frame, claim.requestHash, expiry, image),
            ConditionExpression: 'claimToken = :token',
            ExpressionAttributeValues: { ':token': claim.token },
          },
        },
        { Update: statsUpdate(tableName, frame, expiry) },
      ],
    });
    await sendThroughConflicts(
      () => client.send(command),
      (attempts) =>
        `Frame ${frame.frameId} lost ${attempts} commits in a row to concurrent frames of its camera and hour`,
    );
    await markNewest(frame, expiry);
  }

  /**
   * Sends a write, again after a capped, full-jitter back-off while another request holds one of
   * its items (a cancelled transaction, or TransactionConflictException for a single-item write
   * that met a transaction such as the alert publisher's on the same frame record), and gives up
   * as a StoreUnavailableError. Every write retried here is conditional, so a retry is safe.
   */
  async function sendThroughConflicts(
    send: () => Promise<unknown>,
    giveUp: (attempts: number) => string,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await send();
        return;
      } catch (error) {
        const conflict =
          isTransactionConflict(error) ||
          (error as { name?: string }).name === 'TransactionConflictException';
        if (!conflict) throw error;
        if (attempt >= retry.attempts) {
          throw new StoreUnavailableError(giveUp(attempt), true, { cause: error });
        }
        await sleep(Math.random() * Math.min(retry.capMs, retry.baseMs * 2 ** attempt));
      }
    }
  }

  /**
   * Makes the committed frame its camera's newest in the camera list, unless a newer one is
   * there. After the commit, not in it: frames of one camera would otherwise conflict on the
   * camera record across hours. A crash in between leaves the list a frame behind until the
   * camera's next frame, and so does a failed update: the frame is stored, and failing its
   * request now would only make the caller retry a frame that a retry no longer commits.
   */
  async function markNewest(frame: StoredFrame, expiry: number) {
    try {
      await client.send(new UpdateCommand(cameraUpdate(tableName, frame, expiry)));
    } catch (error) {
      // Not newer (ConditionalCheckFailed) is the condition doing its work; anything else is told.
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return;
      options.onCameraListFailure?.({ frameId: frame.frameId, cameraId: frame.cameraId }, error);
    }
  }

  return withStoreErrors({
    async claim({ frameId, requestHash, leaseSeconds }: ClaimRequest): Promise<ClaimOutcome> {
      const token = randomUUID();
      try {
        await sendThroughConflicts(
          () =>
            client.send(
              new PutCommand({
                TableName: tableName,
                Item: {
                  ...frameKey(frameId),
                  state: 'PROCESSING',
                  claimToken: token,
                  requestHash,
                  leaseUntil: now() + leaseSeconds * 1000,
                  // An abandoned claim is removed by TTL a day later, well after any retry.
                  expiresAt: Math.floor(now() / 1000) + 86_400,
                },
                ConditionExpression:
                  'attribute_not_exists(pk) OR (#state = :processing AND leaseUntil < :now)',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':processing': 'PROCESSING', ':now': now() },
              }),
            ),
          (attempts) => `The claim of frame ${frameId} met ${attempts} conflicting writes in a row`,
        );
        return { kind: 'claimed', claim: { frameId, token, requestHash } };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      const { frameItem, personItems } = await readFrame(frameId, true);
      if (frameItem?.state !== 'DONE') return { kind: 'in-progress' };
      return {
        kind: 'done',
        frame: fromItems(frameItem, personItems, { reviews: false }),
        sameRequest: frameItem.requestHash === requestHash,
      };
    },

    async saveResult(result: FrameResult, claim: Claim, image?: StoredImage) {
      const expiry = expiresAt();
      await putPersons(toPersonItems(result, expiry));
      await commitFrame(result, claim, expiry, image);
    },

    async saveRejection(rejection: FrameRejection, claim: Claim) {
      await commitFrame(rejection, claim, expiresAt());
    },

    async release({ frameId, token }: Claim) {
      await sendThroughConflicts(
        () =>
          client.send(
            new DeleteCommand({
              TableName: tableName,
              Key: frameKey(frameId),
              ConditionExpression: 'claimToken = :token',
              ExpressionAttributeValues: { ':token': token },
            }),
          ),
        (attempts) => `The release of frame ${frameId} met ${attempts} conflicting writes in a row`,
      );
    },

    async getFrame(frameId: string): Promise<StoredFrame | undefined> {
      const { frameItem, personItems } = await readFrame(frameId, false);
      if (frameItem?.state !== 'DONE') return undefined;
      return fromItems(frameItem, personItems);
    },
  });
}
