import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * Releases the claims (PROCESSING frame records) that a killed runtime left in its data
 * directory, and returns their frame ids. The runtime is the only writer of its data directory
 * (dynalite locks it), so at start no claim in it belongs to a live analysis. Without this, a
 * redelivery would find the frame "in progress" until the 2-minute lease ran out, and the local
 * retries (seconds apart) would dead-letter it first. Each is deleted as the results store's own
 * release does: only while it still holds the same claim token.
 */
export async function releaseAbandonedClaims(
  client: DynamoDBClient,
  tableName: string,
): Promise<string[]> {
  const released: string[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#state = :processing',
        ProjectionExpression: 'pk, sk, claimToken',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':processing': { S: 'PROCESSING' } },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (!item.pk || !item.sk || !item.claimToken) continue;
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: { pk: item.pk, sk: item.sk },
            ConditionExpression: 'claimToken = :token',
            ExpressionAttributeValues: { ':token': item.claimToken },
          }),
        );
        released.push((item.pk.S ?? '').replace(/^FRAME#/, ''));
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return released;
}
