import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/** A JPEG of one flat colour, different for every `n`, so that every frame is a change. */
export const colourJpeg = (n: number) =>
  sharp({
    create: {
      width: 320,
      height: 180,
      channels: 3,
      background: { r: (n * 67) % 256, g: (n * 31) % 256, b: 90 },
    },
  })
    .jpeg()
    .toBuffer();

/**
 * HTTP cameras for the tests: `/mjpeg` streams multipart/x-mixed-replace JPEGs at 5 per second;
 * `/snapshot.jpg` answers one JPEG per request, as snapshot cameras do.
 */
export async function startHttpCameras() {
  const streams = new Set<ServerResponse>();
  let n = 0;
  let snapshots = 0;
  const timer = setInterval(async () => {
    const jpeg = await colourJpeg(n++);
    for (const response of streams) {
      response.write(
        `--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`,
      );
      response.write(jpeg);
      response.write('\r\n');
    }
  }, 200);
  const server = createServer(async (request, response) => {
    if (request.url === '/mjpeg') {
      response.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
      streams.add(response);
      request.on('close', () => streams.delete(response));
    } else if (request.url === '/snapshot.jpg') {
      snapshots += 1;
      const jpeg = await colourJpeg(snapshots);
      response.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length });
      response.end(jpeg);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    snapshots: () => snapshots,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        for (const s of streams) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
