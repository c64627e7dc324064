import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  type AttributeMap,
  DynamoDbError,
  DynamoDbTarget,
  dynamoDbError,
  relay,
  sendDynamoDb,
} from './dynamodb-json-http.js';
import { BodyTooLargeError, close, listen, readBody } from './http-io.js';

/** Where the proxy listens and what it stands in front of. */
export interface TransactionalDynamoDbProxyOptions {
  /** The DynamoDB-compatible server (dynalite), e.g. `http://127.0.0.1:8000`; plain HTTP only. */
  target: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Called once the answer to a request that may have written items has been sent. */
  onWrite?: () => void;
}

/** A running proxy: give `endpoint` to the SDK (`endpoint:` or `AWS_ENDPOINT_URL_DYNAMODB`). */
export interface TransactionalDynamoDbProxy {
  endpoint: string;
  close(): Promise<void>;
}

/** DynamoDB's request size limit, which dynalite enforces too. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Write errors that DynamoDB reports as a `ValidationError` reason of a cancelled transaction. */
const EVALUATION_ERRORS = /incorrect data type|does not exist in the item|document path|Item size/;
const WRITES = /\.(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)$/;
const NONE: CancellationReason = { Code: 'None' };

const attributeMap = z.record(z.string(), z.unknown());
const itemRequest = z.looseObject({
  TableName: z.string(),
  ConditionExpression: z.string().optional(),
  ExpressionAttributeNames: z.record(z.string(), z.string()).optional(),
  ExpressionAttributeValues: attributeMap.optional(),
  ReturnValuesOnConditionCheckFailure: z.enum(['ALL_OLD', 'NONE']).optional(),
});
const keyed = itemRequest.extend({ Key: attributeMap });
const transactItems = <T extends z.ZodType>(entry: T) =>
  z
    .array(entry)
    .min(1, 'Member must have length greater than or equal to 1')
    .max(100, 'Member must have length less than or equal to 100');
const transactWriteInput = z.object({
  TransactItems: transactItems(
    z
      .object({
        Put: itemRequest.extend({ Item: attributeMap }),
        Update: keyed.extend({ UpdateExpression: z.string() }),
        Delete: keyed,
        ConditionCheck: keyed.extend({ ConditionExpression: z.string() }),
      })
      .partial(),
  ),
});
const transactGetInput = z.object({ TransactItems: transactItems(z.object({ Get: keyed })) });
const describeTableOutput = z.object({
  Table: z.object({ KeySchema: z.array(z.object({ AttributeName: z.string() })) }),
});

type ItemRequest = z.infer<typeof itemRequest> & { Key?: AttributeMap; Item?: AttributeMap };
type Kind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
interface Action {
  kind: Kind;
  request: ItemRequest;
  key: AttributeMap;
  /** The item before the transaction, to check conditions on and to roll back to. */
  prior?: AttributeMap;
}
interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: AttributeMap;
}

/** Parses an input with its schema, failing as DynamoDB's input validation does. */
function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `Value at '${issue.path.join('.')}' failed to satisfy constraint: ${issue.message}`,
  );
  const count = `${problems.length} validation error${problems.length > 1 ? 's' : ''}`;
  throw dynamoDbError('ValidationException', `${count} detected: ${problems.join('; ')}`);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString());
  } catch {
    throw new DynamoDbError(400, { __type: 'com.amazon.coral.service#SerializationException' });
  }
}

/** The placeholders that `expression` uses, alone: DynamoDB refuses unused ones. */
function placeholdersOf(expression: string, request: ItemRequest) {
  const used = new Set(expression.match(/[#:][A-Za-z0-9_]+/g));
  const pick = (map: Record<string, unknown> | undefined) => {
    const entries = Object.entries(map ?? {}).filter(([name]) => used.has(name));
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  };
  return {
    ExpressionAttributeNames: pick(request.ExpressionAttributeNames),
    ExpressionAttributeValues: pick(request.ExpressionAttributeValues),
  };
}

/** The reason a write gives to cancel a transaction, or undefined when it is a request error. */
function reasonFor(error: unknown): CancellationReason | undefined {
  if (!(error instanceof DynamoDbError)) return undefined;
  const Message = error.body.message ?? '';
  if (error.type === 'ConditionalCheckFailedException') {
    return { Code: 'ConditionalCheckFailed', Message };
  }
  const evaluation = error.type === 'ValidationException' && EVALUATION_ERRORS.test(Message);
  return evaluation ? { Code: 'ValidationError', Message } : undefined;
}

function cancelled(reasons: CancellationReason[]): DynamoDbError {
  const codes = reasons.map((reason) => reason.Code).join(', ');
  const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`;
  return dynamoDbError('TransactionCanceledException', message, { CancellationReasons: reasons });
}

/** Runs tasks one at a time, in the order they were queued. */
function createMutex(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** The transaction APIs, made of single-item calls to the target; callers hold the mutex. */
function createTransactions(target: DynamoDbTarget) {
  const keyNames = new Map<string, string[]>();

  async function keyOf(kind: Kind, request: ItemRequest): Promise<AttributeMap> {
    if (kind !== 'Put') return request.Key ?? {};
    let names = keyNames.get(request.TableName);
    if (!names) {
      const output = await target.call('DescribeTable', { TableName: request.TableName });
      names = describeTableOutput.parse(output).Table.KeySchema.map((key) => key.AttributeName);
      keyNames.set(request.TableName, names);
    }
    return Object.fromEntries(names.map((name) => [name, request.Item?.[name]]));
  }

  function assertOneOperationPerItem(targets: { request: ItemRequest; key: AttributeMap }[]) {
    const ids = targets.map(({ request, key }) =>
      JSON.stringify([request.TableName, Object.entries(key).sort(([a], [b]) => (a < b ? -1 : 1))]),
    );
    if (new Set(ids).size < ids.length) {
      const message = 'Transaction request cannot include multiple operations on one item';
      throw dynamoDbError('ValidationException', message);
    }
  }

  /**
   * Evaluates an action's condition on its item without changing the item: a conditional PutItem
   * of the item as it is or, when there is none, of its bare key, deleted at once.
   */
  async function checkCondition({ request, key, prior }: Action): Promise<CancellationReason> {
    const { TableName, ConditionExpression = '' } = request;
    const condition = { ConditionExpression, ...placeholdersOf(ConditionExpression, request) };
    try {
      await target.call('PutItem', { TableName, Item: prior ?? key, ...condition });
      if (!prior) await target.call('DeleteItem', { TableName, Key: key });
      return NONE;
    } catch (error) {
      const reason = reasonFor(error);
      if (reason?.Code !== 'ConditionalCheckFailed') throw error;
      const returnOld = request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && prior;
      return returnOld ? { ...reason, Item: prior } : reason;
    }
  }

  /** Puts back the prior images of the items that an interrupted transaction wrote. */
  async function rollBack(applied: Action[]): Promise<void> {
    for (const { kind, request, key, prior } of applied.reverse()) {
      if (kind === 'ConditionCheck') continue;
      const { TableName } = request;
      if (prior) await target.call('PutItem', { TableName, Item: prior });
      else await target.call('DeleteItem', { TableName, Key: key });
    }
  }

  /**
   * TransactWriteItems in DynamoDB's two phases: every condition is checked first (all failures
   * reported, nothing written), then the writes are applied in order, and rolled back to their
   * prior images if one of them fails.
   */
  async function transactWrite(input: unknown): Promise<object> {
    const actions: Action[] = [];
    for (const entry of parse(transactWriteInput, input).TransactItems) {
      const [kind, ...others] = Object.keys(entry) as Kind[];
      const request = kind && entry[kind];
      if (!kind || !request || others.length > 0) {
        const message = 'TransactItems can only contain one of Check, Put, Update or Delete';
        throw dynamoDbError('ValidationException', message);
      }
      actions.push({ kind, request, key: await keyOf(kind, request) });
    }
    assertOneOperationPerItem(actions);
    const reasons: CancellationReason[] = [];
    for (const action of actions) {
      const { TableName } = action.request;
      const current = await target.call('GetItem', {
        TableName,
        Key: action.key,
        ConsistentRead: true,
      });
      action.prior = current.Item as AttributeMap | undefined;
      reasons.push(action.request.ConditionExpression ? await checkCondition(action) : NONE);
    }
    if (reasons.some((reason) => reason !== NONE)) throw cancelled(reasons);
    for (const [index, { kind, request }] of actions.entries()) {
      if (kind === 'ConditionCheck') continue;
      const { ReturnValuesOnConditionCheckFailure: _returnValues, ...single } = request;
      try {
        await target.call(`${kind}Item`, single);
      } catch (error) {
        await rollBack(actions.slice(0, index));
        const reason = reasonFor(error);
        throw reason ? cancelled(actions.map((_, at) => (at === index ? reason : NONE))) : error;
      }
    }
    return {};
  }

  /** TransactGetItems as consistent GetItems, which the mutex keeps writes away from. */
  async function transactGet(input: unknown): Promise<object> {
    const gets = parse(transactGetInput, input).TransactItems.map(({ Get }) => Get);
    assertOneOperationPerItem(gets.map((request) => ({ request, key: request.Key })));
    const Responses = [];
    for (const request of gets) {
      const { Item } = await target.call('GetItem', { ...request, ConsistentRead: true });
      Responses.push(Item ? { Item } : {});
    }
    return { Responses };
  }

  return new Map([
    ['TransactWriteItems', transactWrite],
    ['TransactGetItems', transactGet],
  ]);
}

/**
 * Starts an HTTP endpoint in front of a DynamoDB-compatible server (dynalite) that adds the
 * TransactWriteItems and TransactGetItems that dynalite lacks, so that production code using
 * transactions runs unchanged on the local stand-in; every other request is relayed as it is.
 * Requests are served one at a time, so no reader or writer sees a transaction half applied,
 * provided that every client goes through the proxy.
 */
export async function startTransactionalDynamoDbProxy(
  options: TransactionalDynamoDbProxyOptions,
): Promise<TransactionalDynamoDbProxy> {
  const target = new DynamoDbTarget(options.target);
  const emulated = createTransactions(target);
  const serialize = createMutex();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { method = 'POST', url = '/', headers } = request;
    const operation = String(headers['x-amz-target']);
    if (options.onWrite && WRITES.test(operation)) response.on('finish', options.onWrite);
    const body = await readBody(request, MAX_BODY_BYTES);
    const emulate = emulated.get(operation.split('.')[1] ?? '');
    await serialize(async () => {
      if (emulate) sendDynamoDb(response, await emulate(parseJson(body)));
      else relay(response, await target.send(method, url, headers, body));
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) response.writeHead(413).end();
      else if (error instanceof DynamoDbError) sendDynamoDb(response, error);
      else sendDynamoDb(response, dynamoDbError('InternalServerError', String(error)));
    });
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  return {
    endpoint: `http://${host}:${port}`,
    async close() {
      await close(server);
      target.close();
    },
  };
}
