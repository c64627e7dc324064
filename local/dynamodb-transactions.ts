import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  type AttributeMap,
  DynamoDbError,
  DynamoDbTarget,
  dynamoDbError,
  type HttpReply,
  relay,
  sendDynamoDb,
} from './dynamodb-json-http.js';
import { BodyTooLargeError, close, listen, readBody } from './http-io.js';
import {
  NO_JOURNAL,
  openTransactionJournal,
  type TransactionJournal,
} from './transaction-journal.js';

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
  /**
   * Keeps each transaction's prior images here while its writes are applied, and undoes at start
   * what a killed process left half applied; for a target that keeps its data on disk.
   * @default - no journal
   */
  journalDirectory?: string;
  /**
   * Called with the items a transaction or single-item write changed, once the change is
   * applied and before the items are released (so calls for one item come in the order of its
   * writes), as DynamoDB Streams would report them (NEW_AND_OLD_IMAGES); dynalite has no
   * streams. BatchWriteItem is relayed without it.
   * @default - none
   */
  onCommit?: (changes: StreamChange[]) => void;
}

/** One item's change, in DynamoDB JSON, as a stream record holds it. */
export interface StreamChange {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  tableName: string;
  keys: AttributeMap;
  newImage?: AttributeMap;
  oldImage?: AttributeMap;
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

/** Who holds an item: a transaction from its checks until its writes are applied, or writes. */
type Holder = 'transaction' | 'write';
interface Hold {
  by: Holder;
  /** Requests holding it: one transaction, or any number of single-item writes. */
  count: number;
  released: Promise<void>;
  release: () => void;
}

/**
 * The items that requests in flight hold, by table and key, so that a request can tell that
 * another one is changing an item (DynamoDB's transaction conflicts) without serializing
 * requests on other items.
 */
export class ItemHolds {
  readonly #holds = new Map<string, Hold>();

  /** What holds an item now, if anything. */
  holder(id: string): Holder | undefined {
    return this.#holds.get(id)?.by;
  }

  /** Resolves once nothing holds the item. */
  async whenFree(id: string, by?: Holder): Promise<void> {
    for (let hold = this.#holds.get(id); hold; hold = this.#holds.get(id)) {
      if (by !== undefined && hold.by !== by) return;
      await hold.released;
    }
  }

  /** Holds the items (which only single-item writes may already hold); returns the release. */
  hold(ids: readonly string[], by: Holder): () => void {
    const taken = ids.map((id) => {
      const current = this.#holds.get(id);
      if (current) {
        current.count += 1;
        return current;
      }
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const hold: Hold = { by, count: 1, released, release };
      this.#holds.set(id, hold);
      return hold;
    });
    return () => {
      for (const [index, hold] of taken.entries()) {
        hold.count -= 1;
        if (hold.count > 0) continue;
        this.#holds.delete(ids[index] ?? '');
        hold.release();
      }
    };
  }
}

/** An item's identity across tables: table name and key attributes, in a stable order. */
export function itemId(tableName: string, key: AttributeMap): string {
  return JSON.stringify([tableName, Object.entries(key).sort(([a], [b]) => (a < b ? -1 : 1))]);
}

const CONFLICT_MESSAGE = 'Transaction is ongoing for the item';

/**
 * The transaction APIs, made of single-item calls to the target, and the single-item writes
 * and reads that must respect the items a transaction holds.
 */
function createTransactions(
  target: DynamoDbTarget,
  holds: ItemHolds,
  journal: TransactionJournal,
  onCommit?: (changes: StreamChange[]) => void,
) {
  async function imageOf(TableName: string, key: AttributeMap) {
    const { Item } = await target.call('GetItem', { TableName, Key: key, ConsistentRead: true });
    return Item as AttributeMap | undefined;
  }

  async function changeOf(
    tableName: string,
    key: AttributeMap,
    oldImage: AttributeMap | undefined,
  ): Promise<StreamChange | undefined> {
    const newImage = await imageOf(tableName, key);
    if (!newImage && !oldImage) return undefined;
    const eventName = !newImage ? 'REMOVE' : oldImage ? 'MODIFY' : 'INSERT';
    return {
      eventName,
      tableName,
      keys: key,
      ...(newImage ? { newImage } : {}),
      ...(oldImage ? { oldImage } : {}),
    };
  }

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
    const ids = targets.map(({ request, key }) => itemId(request.TableName, key));
    if (new Set(ids).size < ids.length) {
      const message = 'Transaction request cannot include multiple operations on one item';
      throw dynamoDbError('ValidationException', message);
    }
    return ids;
  }

  /**
   * Cancels the transaction when another transaction holds one of its items, as DynamoDB does
   * (a TransactionConflict reason for each such item), without waiting for it.
   */
  function assertNoConflict(ids: readonly string[], also: Holder[] = ['transaction']) {
    const held = ids.map((id) => {
      const holder = holds.holder(id);
      return holder !== undefined && also.includes(holder);
    });
    if (!held.some(Boolean)) return;
    const conflict: CancellationReason = { Code: 'TransactionConflict', Message: CONFLICT_MESSAGE };
    throw cancelled(held.map((isHeld) => (isHeld ? conflict : NONE)));
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
    const ids = assertOneOperationPerItem(actions);
    // A single-item write in flight finishes first; another transaction cancels this one.
    const writing = () => ids.find((id) => holds.holder(id) === 'write');
    for (let busy = writing(); busy !== undefined; busy = writing()) {
      await holds.whenFree(busy, 'write');
    }
    assertNoConflict(ids);
    const release = holds.hold(ids, 'transaction');
    try {
      return await checkAndApply(actions);
    } finally {
      release();
    }
  }

  async function checkAndApply(actions: Action[]): Promise<object> {
    // The items are held, so their checks may run side by side.
    const reasons = await Promise.all(
      actions.map(async (action) => {
        const { TableName } = action.request;
        const current = await target.call('GetItem', {
          TableName,
          Key: action.key,
          ConsistentRead: true,
        });
        action.prior = current.Item as AttributeMap | undefined;
        return action.request.ConditionExpression ? await checkCondition(action) : NONE;
      }),
    );
    if (reasons.some((reason) => reason !== NONE)) throw cancelled(reasons);
    const done = await journal.begin(
      actions
        .filter((action) => action.kind !== 'ConditionCheck')
        .map(({ request, key, prior }) => ({
          TableName: request.TableName,
          key,
          ...(prior ? { prior } : {}),
        })),
    );
    try {
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
      if (onCommit) {
        const changes = [];
        for (const { kind, request, key, prior } of actions) {
          if (kind === 'ConditionCheck') continue;
          const change = await changeOf(request.TableName, key, prior);
          if (change) changes.push(change);
        }
        onCommit(changes);
      }
    } finally {
      await done();
    }
    return {};
  }

  /** TransactGetItems as consistent GetItems, cancelled when a write holds one of the items. */
  async function transactGet(input: unknown): Promise<object> {
    const gets = parse(transactGetInput, input).TransactItems.map(({ Get }) => Get);
    const ids = assertOneOperationPerItem(gets.map((request) => ({ request, key: request.Key })));
    assertNoConflict(ids, ['transaction', 'write']);
    const Responses = [];
    for (const request of gets) {
      const { Item } = await target.call('GetItem', { ...request, ConsistentRead: true });
      Responses.push(Item ? { Item } : {});
    }
    return { Responses };
  }

  /**
   * A PutItem, UpdateItem or DeleteItem: refused with TransactionConflictException while a
   * transaction holds its item, as DynamoDB does; else it holds the item while it is written.
   */
  async function singleWrite(operation: string, input: unknown, send: () => Promise<HttpReply>) {
    const request = input as ItemRequest;
    const id = itemId(
      request.TableName,
      await keyOf(operation === 'PutItem' ? 'Put' : 'Update', request),
    );
    if (holds.holder(id) === 'transaction') {
      throw dynamoDbError('TransactionConflictException', CONFLICT_MESSAGE);
    }
    const release = holds.hold([id], 'write');
    try {
      if (!onCommit) return await send();
      const key = await keyOf(operation === 'PutItem' ? 'Put' : 'Update', request);
      const prior = await imageOf(request.TableName, key);
      const reply = await send();
      if (reply.status === 200) {
        const change = await changeOf(request.TableName, key, prior);
        if (change) onCommit([change]);
      }
      return reply;
    } finally {
      release();
    }
  }

  /** A GetItem waits for a transaction on its item, so that it never sees half of one. */
  async function singleRead(input: unknown, send: () => Promise<HttpReply>) {
    const request = input as ItemRequest;
    await holds.whenFree(itemId(request.TableName, request.Key ?? {}), 'transaction');
    return send();
  }

  return {
    emulated: new Map([
      ['TransactWriteItems', transactWrite],
      ['TransactGetItems', transactGet],
    ]),
    singleWrite,
    singleRead,
  };
}

const SINGLE_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const singleItemRequest = z.looseObject({ TableName: z.string(), Key: attributeMap.optional() });

/**
 * Starts an HTTP endpoint in front of a DynamoDB-compatible server (dynalite) that adds the
 * TransactWriteItems and TransactGetItems that dynalite lacks, so that production code using
 * transactions runs unchanged on the local stand-in; every other request is relayed as it is.
 * As in DynamoDB, a transaction holds its items from its checks until its writes are applied:
 * an overlapping transaction is cancelled with a TransactionConflict reason, a PutItem,
 * UpdateItem or DeleteItem of a held item fails with TransactionConflictException, a GetItem
 * waits for it; requests on other items run concurrently. Provided that every client goes
 * through the proxy, no GetItem sees a transaction half applied.
 */
export async function startTransactionalDynamoDbProxy(
  options: TransactionalDynamoDbProxyOptions,
): Promise<TransactionalDynamoDbProxy> {
  const target = new DynamoDbTarget(options.target);
  const journal = options.journalDirectory
    ? await openTransactionJournal(options.journalDirectory, async ({ TableName, key, prior }) => {
        if (prior) await target.call('PutItem', { TableName, Item: prior });
        else await target.call('DeleteItem', { TableName, Key: key });
      })
    : NO_JOURNAL;
  const { emulated, singleWrite, singleRead } = createTransactions(
    target,
    new ItemHolds(),
    journal,
    options.onCommit,
  );

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { method = 'POST', url = '/', headers } = request;
    const operation = String(headers['x-amz-target']);
    if (options.onWrite && WRITES.test(operation)) response.on('finish', options.onWrite);
    const body = await readBody(request, MAX_BODY_BYTES);
    const name = operation.split('.')[1] ?? '';
    const emulate = emulated.get(name);
    if (emulate) {
      sendDynamoDb(response, await emulate(parseJson(body)));
      return;
    }
    const send = () => target.send(method, url, headers, body);
    const single =
      SINGLE_WRITES.has(name) || name === 'GetItem'
        ? singleItemRequest.safeParse(parseJson(body))
        : undefined;
    if (!single?.success) {
      relay(response, await send());
      return;
    }
    const input = single.data;
    relay(
      response,
      await (name === 'GetItem' ? singleRead(input, send) : singleWrite(name, input, send)),
    );
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
