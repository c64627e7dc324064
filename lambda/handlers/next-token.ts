import { createHash } from 'node:crypto';
import type { TimelineCursor } from '../core/ports.js';

/** A hash of the query a token belongs to, so that a token is refused for another query. */
function scopeOf(query: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

/** An opaque pagination token: the cursor, bound to the query that produced it. */
export function encodeNextToken(cursor: object, query: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ c: cursor, s: scopeOf(query) })).toString('base64url');
}

/** The cursor in a token, or undefined when the token was not issued for this very query. */
export function decodeNextToken(
  token: string,
  query: Record<string, unknown>,
): TimelineCursor | undefined {
  try {
    const { c, s } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      c?: Record<string, unknown>;
      s?: string;
    };
    const keys = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;
    if (s !== scopeOf(query) || !c || !keys.every((key) => typeof c[key] === 'string')) {
      return undefined;
    }
    return Object.fromEntries(keys.map((key) => [key, c[key]])) as TimelineCursor;
  } catch {
    return undefined;
  }
}

/**
 * The cursor in a token, unchecked, or undefined when the token was not issued for this very
 * query: the route checks its shape (see isViolationsCursor).
 */
export function decodeNextTokenCursor(token: string, query: Record<string, unknown>): unknown {
  try {
    const { c, s } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      c?: unknown;
      s?: string;
    };
    return s === scopeOf(query) ? c : undefined;
  } catch {
    return undefined;
  }
}
