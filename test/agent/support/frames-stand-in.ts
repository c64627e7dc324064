import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in does with one request: answer, or drop the connection. */
export type Behaviour =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'drop';

/** One POST /frames the stand-in received. */
export interface Received {
  key: string | undefined;
  cameraId: string;
  capturedAt: string;
  imageBytes: number;
  answered: number | 'dropped';
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A stand-in of `POST /frames` whose answers the test scripts: `decide` gets the request's
 * Idempotency-Key and how many times that key came before, and says what to do.
 */
export async function startFramesStandIn(decide: (key: string, attempt: number) => Behaviour) {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const key = request.headers['idempotency-key'] as string | undefined;
      const text = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(text || '{}') as {
        cameraId: string;
        capturedAt: string;
        image: string;
      };
      const attempt = attempts.get(key ?? '') ?? 0;
      attempts.set(key ?? '', attempt + 1);
      const behaviour = request.url === '/frames' ? decide(key ?? '', attempt) : { status: 404 };
      const entry: Received = {
        key,
        cameraId: body.cameraId,
        capturedAt: body.capturedAt,
        imageBytes: Buffer.from(body.image ?? '', 'base64').length,
        answered: behaviour === 'drop' ? 'dropped' : behaviour.status,
        headers: request.headers,
        body: text,
      };
      received.push(entry);
      if (behaviour === 'drop') {
        request.socket.destroy();
        return;
      }
      response.writeHead(behaviour.status, {
        'Content-Type': 'application/json',
        ...behaviour.headers,
      });
      response.end(JSON.stringify(behaviour.body ?? { frameId: `f-${key}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Keys answered 2xx, each as often as it was. */
    delivered: () =>
      received.filter((r) => typeof r.answered === 'number' && r.answered < 300).map((r) => r.key),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
