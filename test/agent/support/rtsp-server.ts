import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./rtsp-server.py', import.meta.url));
// Debian's python3-gi binds Debian's interpreter, whatever `python3` is first on PATH.
const PYTHON = '/usr/bin/python3';

/**
 * GStreamer's RTSP server (rtsp-server.py, Debian's gir1.2-gst-rtsp-server-1.0) on 127.0.0.1,
 * TCP only: a camera publishes to `publishUrl`, readers play `readUrl`. A real server, so that
 * the agent's RTSP client meets what it meets in the field; `.ci/run` installs its packages.
 */
export async function startRtspServer(port = 0) {
  const child = spawn(PYTHON, [SCRIPT, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const bound = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^listening (\d+)$/m.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) =>
      reject(new Error(`Cannot run ${PYTHON} (install python3-gi): ${error.message}`)),
    );
    exited.then(() => reject(new Error(`The RTSP server did not start: ${output.trim()}`)));
  });
  return {
    port: bound,
    publishUrl: `rtsp://127.0.0.1:${bound}/publish`,
    readUrl: `rtsp://127.0.0.1:${bound}/cam`,
    /** Whether a publisher's frames have reached the server. */
    publishing: () => /^publishing$/m.test(output),
    /** Stops the server process; every connection, publisher's and readers', drops with it. */
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(kill);
    },
  };
}
