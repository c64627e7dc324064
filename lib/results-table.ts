import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

import { RESULTS_TABLE_SCHEMA } from '../lambda/adapters/results-table-schema.js';

/**
 * How a function may use the results table.
 * - `read`: query a frame and its persons, and the indexes (Query)
 * - `readWrite`: store and read results, conditionally and transactionally (reads plus
 *   PutItem, UpdateItem, DeleteItem, BatchWriteItem; a transaction's Put and Update need the
 *   PutItem and UpdateItem grants)
 * - `alerts`: read a frame's alert state and a camera's cooldown, and change both
 *   (GetItem, UpdateItem, PutItem), for the alert publisher; no index access
 * - `images`: read a frame and its persons, and append a view of its original image to its
 *   trail (Query, PutItem), for the image routes; no index access
 * - `digests`: find the cameras due for a digest (Query on the table's `DIGESTS` partition),
 *   claim and clear what they held back (GetItem, UpdateItem, PutItem, DeleteItem,
 *   ConditionCheckItem), for the alert digest; no index access
 * - `review`: read a frame, its person and its trail (GetItem, Query) and record a review in one
 *   transaction (UpdateItem on the person and the hour's statistics, PutItem of the trail
 *   entry), for the review function; no index access, no delete
 * - `statistics`: Query the hourly statistics only (partitions `STATS#<day>`, enforced by the
 *   `dynamodb:LeadingKeys` condition), for the scheduled report; no index access
 */
export type ResultsAccess =
  | 'read'
  | 'readWrite'
  | 'alerts'
  | 'images'
  | 'digests'
  | 'review'
  | 'statistics';

const READ_ACTIONS = ['dynamodb:Query'];

/** Data-plane actions per access mode; indexes only ever get `Query`. */
const ACTIONS: Record<ResultsAccess, string[]> = {
  read: READ_ACTIONS,
  readWrite: [
    ...READ_ACTIONS,
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
  alerts: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
  // The image routes: read a frame's records, append a view of an original to its trail.
  images: ['dynamodb:Query', 'dynamodb:PutItem'],
  digests: [
    'dynamodb:Query',
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'dynamodb:PutItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
  review: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
  statistics: ['dynamodb:Query'],
};

/** Conditions that narrow a mode to some partitions. */
const CONDITIONS: Partial<Record<ResultsAccess, Record<string, unknown>>> = {
  statistics: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STATS#*'] } },
};

/** The modes that read the indexes. */
const INDEX_READERS: readonly ResultsAccess[] = ['read', 'readWrite'];

/** Props of {@link ResultsTable}. */
export interface ResultsTableProps {
  /**
   * What happens to the table when the stack is deleted. Results are audit records.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * DynamoDB table of analysis results: one frame record and one record per person
 * (single-table design, `pk`/`sk`), expiring through TTL on `expiresAt`, with the
 * `byCamera` and `violationsByDay` indexes (all from `RESULTS_TABLE_SCHEMA`).
 *
 * Its stream (new and old images) feeds the alert publisher, so a stored violation
 * always yields its alert even when SNS fails at first (the outbox is the table).
 */
export class ResultsTable extends Construct {
  /** The results table. */
  public readonly table: Table;

  public constructor(scope: Construct, id: string, props: ResultsTableProps = {}) {
    super(scope, id);
    // Keys, TTL and indexes come from the schema the Lambda code and local mode use.
    const { partitionKey, sortKey, timeToLiveAttribute, indexes } = RESULTS_TABLE_SCHEMA;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const [indexName, index] of Object.entries(indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }

  /** ARNs of the table's global secondary indexes, named one by one (no `index/*`). */
  public get indexArns(): string[] {
    return Object.keys(RESULTS_TABLE_SCHEMA.indexes).map(
      (name) => `${this.table.tableArn}/index/${name}`,
    );
  }

  /**
   * Grants a function the given access and sets its `TABLE_NAME` environment variable,
   * so no function can know the table without being allowed to use it (and vice versa).
   */
  public bind(fn: LambdaFunction, access: ResultsAccess): void {
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
    const actions = ACTIONS[access];
    const conditions = CONDITIONS[access];
    fn.addToRolePolicy(
      new PolicyStatement({
        actions,
        resources: [this.table.tableArn],
        ...(conditions ? { conditions } : {}),
      }),
    );
    if (INDEX_READERS.includes(access)) {
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:Query'], resources: this.indexArns }),
      );
    }
  }
}
