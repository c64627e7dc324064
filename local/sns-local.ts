import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { close, listen, readBody } from './http-io.js';

/** One published alert, as `GET /local/alerts` lists it. */
export interface LocalAlert {
  /** The SNS message body, parsed as JSON when it is JSON. */
  message: unknown;
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
  alerts(): LocalAlert[];
  close(): Promise<void>;
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const MAX_REQUEST_BYTES = 512 * 1024;

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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Starts the SNS stand-in: `Publish` over the Query protocol (what the installed SNS client
 * speaks), kept in a list instead of being delivered to subscribers. Only the one topic exists.
 */
export async function startLocalSns(
  topicArn: string,
  onPublish: (alert: LocalAlert) => void = () => {},
): Promise<LocalSns> {
  const published: LocalAlert[] = [];

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
    if (form.get('TopicArn') !== topicArn) {
      sendError(response, 404, 'NotFound', `Topic does not exist: only ${topicArn} does locally.`);
      return;
    }
    const subject = form.get('Subject') ?? undefined;
    // SNS: printable ASCII, beginning with a letter, number or punctuation, fewer than 100.
    if (subject !== undefined && !/^[\x21-\x7e][\x20-\x7e]{0,98}$/.test(subject)) {
      sendError(response, 400, 'InvalidParameter', 'Invalid parameter: Subject');
      return;
    }
    const messageId = randomUUID();
    const alert: LocalAlert = {
      message: parseJson(form.get('Message') ?? ''),
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
    alerts: () => [...published],
    close: () => close(server),
  };
}
