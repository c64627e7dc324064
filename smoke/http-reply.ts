import type { ApiReply } from './target.js';

/** Reads a fetch answer as an ApiReply: JSON when the body parses, the text in any case. */
export async function toApiReply(response: Response): Promise<ApiReply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Says why a request could not be sent at all (refused, unknown host, TLS), naming the URL. */
export function unreachable(url: string, error: unknown): Error {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const why =
    cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new Error(`cannot reach ${url} (${why})`);
}
