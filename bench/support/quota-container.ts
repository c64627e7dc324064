/**
 * One simulated Lambda container of the s3-ingest function, in a worker thread: it imports the
 * production entry with the environment it was started with, so that its clients and its pacer
 * are its own. It takes one SQS event at a time and answers with the handler's response.
 */
import { parentPort } from 'node:worker_threads';
import { handler } from '../../lambda/functions/s3-ingest.js';
import { invoke } from '../../local/lambda-context.js';
import type { ContainerReply, ContainerRequest } from './quota-containers.js';

const fn = { name: 'ppe-detection-s3-ingest', timeoutMs: 60_000, memoryMb: 512, handler };
const port = parentPort;
if (!port) throw new Error('quota-container runs as a worker thread');

port.on('message', async ({ id, event }: ContainerRequest) => {
  const started = performance.now();
  let reply: ContainerReply;
  try {
    const response = await invoke(fn, event, process.env.AWS_REGION ?? 'us-east-1');
    reply = { id, response, durationMs: performance.now() - started };
  } catch (error) {
    reply = { id, error: String(error), durationMs: performance.now() - started };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
