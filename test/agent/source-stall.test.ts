import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findFfmpeg } from '../../agent/ffmpeg-binary.js';
import { readLive } from '../../agent/source.js';
import { colourJpeg } from './support/http-cameras.js';

describe('a live source that stalls', () => {
  it('is reopened when no frame comes for the stall time, and the agent says so', async () => {
    // An MJPEG camera that sends 10 frames per connection, then keeps the connection open silently.
    let connections = 0;
    const server = createServer(async (_request, response) => {
      connections += 1;
      response.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
      for (let n = 0; n < 10; n++) {
        const jpeg = await colourJpeg(n);
        response.write(
          `--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`,
        );
        response.write(jpeg);
        response.write('\r\n');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mjpeg`;
    const controller = new AbortController();
    const troubles: string[] = [];
    const recoveries: string[] = [];
    let greys = 0;
    const reading = readLive(
      {
        url,
        ffmpeg: findFfmpeg(undefined) as string,
        motionFps: 5,
        jpegFps: 1,
        stallSeconds: 2,
        maxBackoffSeconds: 1,
      },
      {
        onGrey: () => {
          greys += 1;
        },
        onJpeg: () => {},
        onTrouble: (message) => troubles.push(message),
        onRecovered: (message) => recoveries.push(message),
      },
      controller.signal,
    );
    const deadline = Date.now() + 30_000;
    while (recoveries.length < 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await reading;
    server.closeAllConnections();
    server.close();
    expect(troubles[0]).toContain(`source ${url}: no frame for 2 s; reopening in 1 s`);
    expect(recoveries[0]).toContain('delivers frames again');
    expect(connections).toBeGreaterThanOrEqual(2);
    expect(greys).toBeGreaterThan(0);
  });
});
