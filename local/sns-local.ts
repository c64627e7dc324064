import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { close, listen, readBody } from './http-io.js';

/** One published alert, as `GET /local/alerts` lists it. */
export interface LocalAlert {
  /**
   * What SQS, Lambda and HTTP/S subscribers get, parsed as JSON when it is JSON: the Message, or
   * with `MessageStructure=json` its `default` entry (the alert contract).
   */
  message: unknown;
  /** What e-mail subscribers get: the `email` entry, else what `message` holds, as text. */
  emailText: string;
  /** What SMS subscribers get: the `sms` entry, else what `message` holds, as text. */
  smsText: string;
  /** Message attributes by name; String.Array values are parsed into arrays. */
  attributes: Record<string, unknown>;
  subject?: string;
  messageId: string;
  topicArn: string;
  publishedAt: string;
}

/** A running SNS stand-in. */
export interface LocalSns {
  url: string;
  /** What was published, to one topic or (without an ARN) to all, oldest first. */
  alerts(topicArn?: string): LocalAlert[];
  close(): Promise<void>;
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const MAX_REQUEST_BYTES = 1024 * 1024;
/** SNS's largest message: 256 KB of UTF-8. */
const MAX_MESSAGE_BYTES = 262_144;

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Writes an awsQuery error, which the SDK raises under `code`. */
function sendError(response: ServerResponse, status: number, code: string, message: string) {
  response.writeHead(status, { 'Content-Type': 'text/xml' });
  response.end(
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

/** The `MessageAttributes.entry.N.*` fields of a Query-protocol Publish, by attribute name. */
export function parseMessageAttributes(form: URLSearchParams): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const prefix = `MessageAttributes.entry.${n}`;
    const name = form.get(`${prefix}.Name`) ?? '';
    const dataType = form.get(`${prefix}.Value.DataType`) ?? 'String';
    const value =
      form.get(`${prefix}.Value.StringValue`) ?? form.get(`${prefix}.Value.BinaryValue`) ?? '';
    attributes[name] = dataType === 'String.Array' ? parseJson(value) : value;
  }
  return attributes;
}

/** What each protocol receives of a published Message, or the error SNS answers. */
export function messagesByProtocol(
  message: string,
  structure: string | undefined,
): { default: string; email: string; sms: string } | { error: string } {
  if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) {
    return { error: 'Invalid parameter: Message too long' };
  }
  if (structure === undefined) return { default: message, email: message, sms: message };
  if (structure !== 'json') return { error: 'Invalid parameter: MessageStructure' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { error: 'Invalid parameter: Message Structure - JSON message body failed to parse' };
  }
  // Non-string values are ignored, as SNS ignores them; a protocol without an entry gets default.
  const entries = parsed as Record<string, unknown>;
  const text = (key: string) => (typeof entries[key] === 'string' ? entries[key] : undefined);
  const fallback = text('default');
  if (fallback === undefined) {
    return {
      error: 'Invalid parameter: Message Structure - No default entry in JSON message body',
    };
  }
  return { default: fallback, email: text('email') ?? fallback, sms: text('sms') ?? fallback };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Starts the SNS stand-in: `Publish` over the Query protocol (what the installed SNS client
 * speaks), kept in a list instead of being delivered to subscribers. Only the given topics exist.
 * It refuses what SNS refuses: a Subject SNS would not take, a Message over 256 KB, and with
 * `MessageStructure=json` a Message that is not a JSON object with a string `default`.
 */
export async function startLocalSns(
  topics: string | readonly string[],
  onPublish: (alert: LocalAlert) => void = () => {},
): Promise<LocalSns> {
  const published: LocalAlert[] = [];
  const topicArns: readonly string[] = typeof topics === 'string' ? [topics] : topics;

  async function answer(request: IncomingMessage, response: ServerResponse) {
    const form = new URLSearchParams((await readBody(request, MAX_REQUEST_BYTES)).toString('utf8'));
    const action = form.get('Action');
    if (request.method !== 'POST' || action !== 'Publish') {
      sendError(
        response,
        400,
        'InvalidAction',
        `This stand-in answers only Publish, not ${action}.`,
      );
      return;
    }
    const topicArn = form.get('TopicArn') ?? '';
    if (!topicArns.includes(topicArn)) {
      sendError(
        response,
        404,
        'NotFound',
        `Topic does not exist: only ${topicArns.join(', ')} exist locally.`,
      );
      return;
    }
    const subject = form.get('Subject') ?? undefined;
    // SNS: printable ASCII, beginning with a letter, number or punctuation, fewer than 100.
    if (subject !== undefined && !/^[\x21-\x7e][\x20-\x7e]{0,98}$/.test(subject)) {
      sendError(response, 400, 'InvalidParameter', 'Invalid parameter: Subject');
      return;
    }
    const messages = messagesByProtocol(
      form.get('Message') ?? '',
      form.get('MessageStructure') ?? undefined,
    );
    if ('error' in messages) {
      sendError(response, 400, 'InvalidParameter', messages.error);
      return;
    }
    const messageId = randomUUID();
    const alert: LocalAlert = {
      message: parseJson(messages.default),
      emailText: messages.email,
      smsText: messages.sms,
      attributes: parseMessageAttributes(form),
      ...(subject !== undefined ? { subject } : {}),
      messageId,
      topicArn,
      publishedAt: new Date().toISOString(),
    };
    published.push(alert);
    onPublish(alert);
    response.writeHead(200, { 'Content-Type': 'text/xml' });
    response.end(
      `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${messageId}</MessageId>` +
        `</PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId>` +
        '</ResponseMetadata></PublishResponse>',
    );
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, 'InternalError', String(error));
    });
  });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    alerts: (topicArn) => published.filter((alert) => !topicArn || alert.topicArn === topicArn),
    close: () => close(server),
  };
}
