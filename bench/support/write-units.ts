import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

/** An item as the document client takes it. */
export type NativeItem = Record<string, unknown>;

/** One item written for a frame, its size by DynamoDB's rules and the write units it costs. */
export interface Write {
  record: string;
  operation: string;
  bytes: number;
  transactional: boolean;
  writeUnits: number;
}

/** A document-client command as the spy saw it: its DynamoDB operation and its input. */
export interface SentCommand {
  operation: string;
  input: Record<string, unknown>;
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** About one byte per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = (text.replace(/^[-+]/, '').split(/e/i)[0] ?? '').replace('.', '');
  return Math.ceil(digits.replace(/^0+/, '').replace(/0+$/, '').length / 2) + 1;
}

/** A value's size (Developer Guide, "DynamoDB item sizes and formats"). */
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L) return 3 + value.L.reduce((sum, element) => sum + valueSize(element) + 1, 0);
  if (value.M) return 3 + mapSize(value.M) + Object.keys(value.M).length;
  if (value.SS) return value.SS.reduce((sum, text) => sum + utf8(text), 0);
  if (value.NS) return value.NS.reduce((sum, text) => sum + numberSize(text), 0);
  return (value.BS ?? []).reduce((sum, data) => sum + data.byteLength, 0);
}

const mapSize = (map: Record<string, AttributeValue>) =>
  Object.entries(map).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);

/** An item's size in bytes: its attribute names plus their values. */
export const itemBytes = (item: NativeItem) =>
  mapSize(marshall(item, { removeUndefinedValues: true }));

function recordOf(item: NativeItem): string {
  const [pk, sk] = [String(item.pk ?? ''), String(item.sk ?? '')];
  if (sk === 'FRAME') return item.state === 'PROCESSING' ? 'frame claim' : 'frame record';
  if (sk.startsWith('PERSON#')) return 'person record';
  return pk.split('#')[0]?.toLowerCase() === 'stats' ? 'hourly statistics' : `${pk} / ${sk}`;
}

function write(operation: string, item: NativeItem, transactional: boolean): Write {
  const bytes = itemBytes(item);
  // One unit per started KB; a transactional write costs twice that.
  const writeUnits = Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
  return { record: recordOf(item), operation, bytes, transactional, writeUnits };
}

type TransactItem = { Put?: { Item: NativeItem }; Update?: { Key: NativeItem } };

/**
 * Every item a frame's commands write. An update is sized as the item it leaves, read back with
 * `readItem` (DynamoDB bills the larger of before and after: after, for these counters).
 */
export async function writesOf(
  commands: readonly SentCommand[],
  readItem: (key: NativeItem) => Promise<NativeItem | undefined>,
): Promise<Write[]> {
  const writes: Write[] = [];
  for (const { operation, input } of commands) {
    if (operation === 'PutItem') writes.push(write(operation, input.Item as NativeItem, false));
    if (operation === 'BatchWriteItem') {
      const tables = Object.values(
        input.RequestItems as Record<string, { PutRequest?: { Item: NativeItem } }[]>,
      );
      for (const { PutRequest } of tables.flat()) {
        if (PutRequest) writes.push(write(operation, PutRequest.Item, false));
      }
    }
    if (operation === 'TransactWriteItems') {
      for (const item of input.TransactItems as TransactItem[]) {
        if (item.Put) writes.push(write(operation, item.Put.Item, true));
        if (item.Update) {
          const after = await readItem(item.Update.Key);
          if (after) writes.push(write(operation, after, true));
        }
      }
    }
  }
  return writes;
}
