/**
 * The results table's key schema, shared by the CDK construct that deploys the table and by the
 * code that creates it locally, so that the two cannot drift apart.
 */
export const RESULTS_TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  indexes: {
    /** A camera's frames by capture time. */
    byCamera: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** A day's violating persons by capture time. */
    violationsByDay: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  },
} as const;

/** A CreateTable request for the results table, for local stand-ins and tests. */
export function createResultsTableInput(tableName: string) {
  const { partitionKey, sortKey, indexes } = RESULTS_TABLE_SCHEMA;
  const attributes = [
    partitionKey,
    sortKey,
    ...Object.values(indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributes.map((AttributeName) => ({
      AttributeName,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' as const },
      { AttributeName: sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: Object.entries(indexes).map(([IndexName, index]) => ({
      IndexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
