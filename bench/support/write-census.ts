import {
  type Item,
  itemAfterUpdate,
  itemSize,
  type UpdateRequest,
  writeUnits,
} from './dynamodb-item-size.js';
import type { SeenRequest } from './fake-aws.js';

/** One item written to DynamoDB, its size by DynamoDB's rules and the write units it costs. */
export interface DynamoDbWrite {
  operation: string;
  /** Which record of the results table (see README, "Data model"). */
  record: string;
  bytes: number;
  transactional: boolean;
  writeUnits: number;
  /** True where the size is an estimate (an update's resulting item). */
  estimated: boolean;
}

function recordOf(item: Item): string {
  const pk = item.pk?.S ?? '';
  const sk = item.sk?.S ?? '';
  if (sk === 'FRAME') return item.state?.S === 'PROCESSING' ? 'frame claim' : 'frame record';
  if (sk.startsWith('PERSON#')) return 'person record';
  if (pk.startsWith('STATS#')) return 'hourly statistics';
  return `${pk} / ${sk}`;
}

function write(operation: string, item: Item, transactional: boolean, estimated = false) {
  const bytes = itemSize(item);
  return {
    operation,
    record: recordOf(item),
    bytes,
    transactional,
    writeUnits: writeUnits(bytes, transactional),
    estimated,
  };
}

interface WriteBodies {
  Item?: Item;
  RequestItems?: Record<string, { PutRequest?: { Item: Item } }[]>;
  TransactItems?: { Put?: { Item: Item }; Update?: UpdateRequest; Delete?: { Key: Item } }[];
  Key?: Item;
  UpdateExpression?: string;
}

/** Every item the captured DynamoDB requests write, in request order. */
export function dynamoDbWrites(requests: readonly SeenRequest[]): DynamoDbWrite[] {
  const writes: DynamoDbWrite[] = [];
  for (const request of requests) {
    if (request.service !== 'dynamodb' || !request.body) continue;
    const body = JSON.parse(request.body) as WriteBodies;
    switch (request.operation) {
      case 'PutItem':
        if (body.Item) writes.push(write('PutItem', body.Item, false));
        break;
      case 'BatchWriteItem':
        for (const requests of Object.values(body.RequestItems ?? {})) {
          for (const { PutRequest } of requests) {
            if (PutRequest) writes.push(write('BatchWriteItem', PutRequest.Item, false));
          }
        }
        break;
      case 'TransactWriteItems':
        for (const item of body.TransactItems ?? []) {
          if (item.Put) writes.push(write('TransactWriteItems', item.Put.Item, true));
          if (item.Update) {
            writes.push(write('TransactWriteItems', itemAfterUpdate(item.Update), true, true));
          }
          if (item.Delete) writes.push(write('TransactWriteItems', item.Delete.Key, true, true));
        }
        break;
      case 'UpdateItem':
        writes.push(write('UpdateItem', itemAfterUpdate(body as UpdateRequest), false, true));
        break;
      default:
        break;
    }
  }
  return writes;
}
