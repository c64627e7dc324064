/**
 * DynamoDB item sizes by the documented rules (Developer Guide, "DynamoDB item sizes and formats"),
 * from the marshalled AttributeValue JSON a request carries, and the write units they cost.
 */

/** An attribute value in DynamoDB's JSON wire format. */
export type AttributeValue = {
  S?: string;
  N?: string;
  B?: string;
  BOOL?: boolean;
  NULL?: boolean;
  L?: AttributeValue[];
  M?: Record<string, AttributeValue>;
  SS?: string[];
  NS?: string[];
  BS?: string[];
};

/** A marshalled item. */
export type Item = Record<string, AttributeValue>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** About 1 byte per two significant digits, plus 1; leading and trailing zeroes do not count. */
function numberSize(text: string): number {
  const mantissa = text.replace(/^[-+]/, '').split(/e/i)[0] ?? '';
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(digits.length / 2) + 1;
}

/** The size of a value, without its attribute name. */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return Buffer.from(value.B, 'base64').byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L) return 3 + value.L.reduce((sum, element) => sum + valueSize(element) + 1, 0);
  if (value.M) {
    return (
      3 +
      Object.entries(value.M).reduce(
        (sum, [name, element]) => sum + utf8(name) + valueSize(element) + 1,
        0,
      )
    );
  }
  if (value.SS) return value.SS.reduce((sum, text) => sum + utf8(text), 0);
  if (value.NS) return value.NS.reduce((sum, text) => sum + numberSize(text), 0);
  if (value.BS)
    return value.BS.reduce((sum, data) => sum + Buffer.from(data, 'base64').byteLength, 0);
  throw new Error(`Unknown attribute value ${JSON.stringify(value)}`);
}

/** An item's size: the lengths of its attribute names plus the sizes of their values. */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + utf8(name) + valueSize(value),
    0,
  );
}

/** Write units of one item: 1 per started KB; a transactional write costs twice that. */
export function writeUnits(bytes: number, transactional: boolean): number {
  return Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
}

/** An Update in its wire format, the parts needed to estimate the item it leaves. */
export interface UpdateRequest {
  Key: Item;
  UpdateExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}

/**
 * The item an update leaves, for updates of the form `SET a = :v, ... ADD b :w, ...` on an item
 * that held nothing else (an estimate: DynamoDB bills the larger of the item before and after).
 */
export function itemAfterUpdate(update: UpdateRequest): Item {
  const item: Item = { ...update.Key };
  const name = (path: string) => update.ExpressionAttributeNames?.[path] ?? path;
  const value = (token: string) => update.ExpressionAttributeValues?.[token];
  const clauses = update.UpdateExpression.split(/\b(SET|ADD|REMOVE|DELETE)\b/).slice(1);
  for (let index = 0; index + 1 < clauses.length; index += 2) {
    const [keyword, body] = [clauses[index], clauses[index + 1] ?? ''];
    if (keyword !== 'SET' && keyword !== 'ADD') continue;
    for (const action of body.split(',')) {
      const [path, operand] = action
        .split(keyword === 'SET' ? '=' : /\s+(?=:)/)
        .map((part) => part.trim());
      const operandValue = operand ? value(operand) : undefined;
      if (!path || !operandValue) throw new Error(`Cannot estimate the update "${action}"`);
      item[name(path)] = operandValue;
    }
  }
  return item;
}
