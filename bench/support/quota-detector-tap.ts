import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { close, listen, readBody } from '../../local/http-io.js';

/** What one container's Rekognition client did, seen on the wire. */
export interface ClientCalls {
  /** DetectProtectiveEquipment commands (one SDK invocation, with its retries). */
  commands: number;
  /** HTTP attempts, retries included. */
  attempts: number;
  throttledAttempts: number;
  /** Commands answered, on the first attempt or after retries. */
  succeeded: number;
  succeededAfterRetry: number;
  /** Commands by the attempts they took: index 0 is one attempt, index 3 four. */
  attemptsPerCommand: number[];
  /** Commands still throttled after `maxAttempts` attempts: the handler gets the error. */
  gaveUpAfterMaxAttempts: number;
  /** Commands given up earlier, because the client's retry quota (its token bucket) ran out. */
  gaveUpOnRetryQuota: number;
}

interface Command {
  key: string;
  attempts: number;
  lastStatus: number;
  lastAttempt: number;
  maxAttempts: number;
}

const MAX_BODY = 8 * 1024 * 1024;

function parseAttempt(header: string | string[] | undefined): { attempt: number; max: number } {
  const text = [header].flat().join(';');
  const attempt = Number(/attempt=(\d+)/.exec(text)?.[1] ?? 1);
  const max = Number(/max=(\d+)/.exec(text)?.[1] ?? 1);
  return { attempt, max };
}

function objectKey(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as {
      Image?: { S3Object?: { Name?: string } };
    };
    return parsed.Image?.S3Object?.Name ?? '(bytes)';
  } catch {
    return '(unreadable)';
  }
}

/**
 * A pass-through between one container's Rekognition client and the detector stand-in, which
 * reads what the SDK's retry strategy does from its `amz-sdk-invocation-id` and `amz-sdk-request`
 * headers: attempts per command, throttles, and the commands it gave up on.
 */
export class DetectorTap {
  private readonly commands = new Map<string, Command>();
  private attempts = 0;
  private throttled = 0;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
    private readonly successesByKey: Map<string, number>,
  ) {}

  /**
   * Starts a tap in front of the detector at `target`; every answered analysis is counted in
   * `successesByKey` by object key (shared between taps: a second success is a paid duplicate).
   */
  static async start(target: string, successesByKey: Map<string, number>): Promise<DetectorTap> {
    const upstream = new URL(target);
    let tap: DetectorTap | undefined;
    const server = createServer((incoming, outgoing) => {
      readBody(incoming, MAX_BODY)
        .then((body) => tap?.forward(upstream, incoming, body))
        .then((answer) => {
          if (!answer) throw new Error('no answer');
          outgoing.writeHead(answer.status, answer.headers);
          outgoing.end(answer.body);
        })
        .catch(() => {
          outgoing.writeHead(502);
          outgoing.end();
        });
    });
    const port = await listen(server, 0, '127.0.0.1');
    tap = new DetectorTap(server, `http://127.0.0.1:${port}`, successesByKey);
    return tap;
  }

  private async forward(upstream: URL, incoming: IncomingMessage, body: Buffer) {
    const answer = await new Promise<{
      status: number;
      headers: Record<string, string | string[] | undefined>;
      body: Buffer;
    }>((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: upstream.host },
        },
        (response) => {
          readBody(response, MAX_BODY).then(
            (text) =>
              resolve({
                status: response.statusCode ?? 502,
                headers: response.headers,
                body: text,
              }),
            reject,
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
    this.record(incoming, body, answer.status, answer.headers['x-amzn-errortype']);
    return answer;
  }

  private record(
    incoming: IncomingMessage,
    body: Buffer,
    status: number,
    errorType: string | string[] | undefined,
  ): void {
    const id = String(incoming.headers['amz-sdk-invocation-id'] ?? Math.random());
    const { attempt, max } = parseAttempt(incoming.headers['amz-sdk-request']);
    const command = this.commands.get(id) ?? {
      key: objectKey(body),
      attempts: 0,
      lastStatus: 0,
      lastAttempt: 0,
      maxAttempts: max,
    };
    const throttled = [errorType].flat().includes('ThrottlingException');
    this.attempts += 1;
    if (throttled) this.throttled += 1;
    command.attempts += 1;
    command.lastAttempt = attempt;
    command.lastStatus = throttled ? 429 : status;
    this.commands.set(id, command);
    if (status === 200) {
      this.successesByKey.set(command.key, (this.successesByKey.get(command.key) ?? 0) + 1);
    }
  }

  /** The client's calls so far. */
  calls(): ClientCalls {
    const calls: ClientCalls = {
      commands: 0,
      attempts: this.attempts,
      throttledAttempts: this.throttled,
      succeeded: 0,
      succeededAfterRetry: 0,
      gaveUpAfterMaxAttempts: 0,
      gaveUpOnRetryQuota: 0,
      attemptsPerCommand: [],
    };
    for (const command of this.commands.values()) {
      calls.commands += 1;
      const histogram = calls.attemptsPerCommand;
      for (let n = histogram.length; n < command.attempts; n++) histogram.push(0);
      histogram[command.attempts - 1] = (histogram[command.attempts - 1] ?? 0) + 1;
      if (command.lastStatus === 200) {
        calls.succeeded += 1;
        if (command.attempts > 1) calls.succeededAfterRetry += 1;
      } else if (command.lastStatus === 429) {
        if (command.lastAttempt >= command.maxAttempts) calls.gaveUpAfterMaxAttempts += 1;
        else calls.gaveUpOnRetryQuota += 1;
      }
    }
    return calls;
  }

  close(): Promise<void> {
    return close(this.server);
  }
}
