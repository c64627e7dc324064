import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError } from '../core/errors.js';

/** How DynamoDB words a refused ExclusiveStartKey (dynalite copies its wording). */
const START_KEY_PROBLEM = /start(ing)? ?key|ExclusiveStartKey|cannot be restarted/i;

/** Every item a query matches, page after page. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * One query page. When the page starts from a caller's cursor and DynamoDB refuses that start
 * key, the cursor is the caller's mistake: an InvalidCursorError (400), not a 500.
 */
export async function sendPage(
  client: DynamoDBDocumentClient,
  command: QueryCommand,
  fromCursor: boolean,
) {
  try {
    return await client.send(command);
  } catch (error) {
    const { name, message } = error as { name?: string; message?: string };
    if (fromCursor && name === 'ValidationException' && START_KEY_PROBLEM.test(message ?? '')) {
      throw new InvalidCursorError(`DynamoDB refused the page's start key: ${message}`, {
        cause: error,
      });
    }
    throw error;
  }
}
