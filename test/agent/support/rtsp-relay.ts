import { createServer, type Server, type Socket } from 'node:net';

/**
 * A small RTSP relay for the tests, over TCP only (interleaved RTP), which is how the agent
 * reads RTSP: ffmpeg publishes to it (ANNOUNCE, SETUP, RECORD) and readers play from it
 * (DESCRIBE, SETUP, PLAY); every interleaved packet of the publisher goes to every reader.
 * One path, one publisher. Enough RTSP for ffmpeg on both sides, nothing more.
 */
export async function startRtspRelay(port = 0) {
  let sdp: string | undefined;
  const readers = new Set<Socket>();
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      readers.delete(socket);
    });
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    let publishing = false;
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (buffer[0] === 0x24) {
          // $ channel length16 payload: RTP or RTCP of the publisher
          if (buffer.length < 4) return;
          const length = buffer.readUInt16BE(2);
          if (buffer.length < 4 + length) return;
          const packet = buffer.subarray(0, 4 + length);
          if (publishing) for (const reader of readers) reader.write(packet);
          buffer = buffer.subarray(4 + length);
          continue;
        }
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('utf8');
        const headers = new Map<string, string>();
        const [requestLine = '', ...lines] = head.split('\r\n');
        for (const line of lines) {
          const colon = line.indexOf(':');
          if (colon > 0)
            headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        const length = Number(headers.get('content-length') ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
        buffer = buffer.subarray(end + 4 + length);
        const [method = '', uri = ''] = requestLine.split(' ');
        const cseq = headers.get('cseq') ?? '0';
        const reply = (status: string, extra: Record<string, string> = {}, content = '') => {
          const fields = {
            CSeq: cseq,
            Session: '12345678',
            ...extra,
            ...(content ? { 'Content-Length': String(Buffer.byteLength(content)) } : {}),
          };
          socket.write(
            `RTSP/1.0 ${status}\r\n${Object.entries(fields)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\r\n')}\r\n\r\n${content}`,
          );
        };
        if (method === 'OPTIONS')
          reply('200 OK', { Public: 'OPTIONS, DESCRIBE, ANNOUNCE, SETUP, RECORD, PLAY, TEARDOWN' });
        else if (method === 'ANNOUNCE') {
          sdp = body;
          reply('200 OK');
        } else if (method === 'DESCRIBE') {
          if (sdp)
            reply('200 OK', { 'Content-Type': 'application/sdp', 'Content-Base': `${uri}/` }, sdp);
          else reply('404 Not Found');
        } else if (method === 'SETUP') {
          const transport = headers.get('transport') ?? '';
          if (!/TCP/i.test(transport)) reply('461 Unsupported Transport');
          else reply('200 OK', { Transport: transport });
        } else if (method === 'RECORD') {
          publishing = true;
          reply('200 OK');
        } else if (method === 'PLAY') {
          reply('200 OK', { Range: 'npt=0.000-' });
          readers.add(socket);
        } else if (method === 'TEARDOWN') {
          reply('200 OK');
          socket.end();
        } else reply('501 Not Implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as { port: number }).port;
  return {
    port: bound,
    /** Readers playing at the moment. */
    readers: () => readers.size,
    /** Stops the relay at once: every connection cut, publisher and readers alike. */
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
