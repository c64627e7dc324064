import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Event } from 'aws-lambda';
import { makeExportChanges } from '../lambda/core/export-changes.js';
import type { ReportPeriod } from '../lambda/domain/report-period.js';
import { writePolicyFile } from '../lib/policy-file.js';
import { AlertOutboxPoller } from './alert-outbox-poller.js';
import { requireAwsCredentials } from './aws-credentials.js';
import { CONSOLE_DIST, ensureConsoleBuilt } from './console-build.js';
import { createConsoleServer } from './console-server.js';
import { startDigestSchedule } from './digest-schedule.js';
import { startLocalDynamoDb } from './dynamodb-local.js';
import type { StreamChange } from './dynamodb-transactions.js';
import { LocalExportStream } from './export-stream.js';
import {
  type AnalysisSettings,
  applyEnvironment,
  DEFAULT_ANALYSIS,
  type DetectorKind,
  functionEnvironment,
  localPolicySet,
} from './function-environment.js';
import { close, listen } from './http-io.js';
import { type ApiRoute, createLocalRoutes } from './http-server.js';
import {
  IngestQueue,
  type IngestQueueOptions,
  type QueueConsumer,
  type QueueStats,
} from './ingest-queue.js';
import { invoke } from './lambda-context.js';
import { type LocalFunctions, loadFunctions } from './load-functions.js';
import { type LocalReports, loadLocalReports } from './local-reports.js';
import { NotifiedUploads, notifyUnnotifiedUploads, versionsIn } from './notified-uploads.js';
import { makeParquetExportSink } from './parquet-export-sink.js';
import { openDirectoryJournal } from './queue-journal.js';
import { type ReplayDetectorStats, startReplayDetector } from './rekognition-replay.js';
import { releaseAbandonedClaims } from './release-abandoned-claims.js';
import { loadReplayFallback } from './replay-recordings.js';
import { startLocalS3 } from './s3-local.js';
import { type LocalAlert, startLocalSns } from './sns-local.js';

/** How to run the local runtime; every field has a default that `npm start` uses. */
export interface LocalRuntimeOptions {
  /** Port of the REST routes; 0 picks a free one. @default 3000 */
  port?: number;
  /**
   * Port of the review console (built into console/dist when missing or stale); 0 picks a free
   * one; false serves no console. The API answers CORS for the console's origins
   * (http://127.0.0.1:<port> and http://localhost:<port>). @default 3001
   */
  consolePort?: number | false;
  /** Port of the S3 endpoint; 0 picks a free one. @default 4569 */
  s3Port?: number;
  /**
   * Keeps the table, the bucket and the ingest queue under this directory, so that a restart
   * (even after a crash) goes on where the last run stopped; in memory / temporary when absent.
   */
  dataDir?: string;
  /** @default 'replay' */
  detector?: DetectorKind;
  /** Recordings of the replay detector. @default the bundled local/samples */
  replayDir?: string;
  /**
   * A DetectProtectiveEquipment response that answers every image without its own recording,
   * such as `local/samples/empty-scene.json`. @default none: such an image answers NO_RECORDING
   */
  replayFallback?: string;
  /** The replay detector's quota: calls per second before it throttles. @default no limit */
  replayCallsPerSecond?: number;
  /** The replay detector's least time to answer an analysis, in ms. @default 0 */
  replayLatencyMs?: number;
  /**
   * Custom Labels model versions the replay treats as not running (ResourceNotReadyException);
   * `all` for every one. @default none
   */
  replayStoppedModels?: string[];
  /**
   * Takes the ingest queue's batches instead of the in-process s3-ingest function, e.g. one
   * handler instance per simulated Lambda container. @default the s3-ingest function
   */
  s3IngestConsumer?: QueueConsumer;
  /** The ingest queue and its mapping (batch size, concurrency, retries, delays). */
  queue?: Partial<Omit<IngestQueueOptions, 'region' | 'queueName'>>;
  /** How often the alert outbox is checked after a write, in ms. @default 250 */
  alertPollIntervalMs?: number;
  /** How often the alert digest runs, in ms (every minute when deployed). @default 5000 */
  digestIntervalMs?: number;
  /** The stack's analysis settings. @default FACE_COVER and HEAD_COVER at 80, as the stack's */
  analysis?: Partial<AnalysisSettings>;
  /** @default 'us-east-1' */
  region?: string;
  /** Powertools log level of the handlers. @default 'INFO' */
  logLevel?: string;
  /** The scheduled report's period and time zone. @default a week, in UTC (as the stack's) */
  report?: { period?: ReportPeriod; timeZone?: string };
  /** Where the runtime's own lines go (alerts, missing recordings, crashes). @default console.log */
  log?: (line: string) => void;
}

/** A running local runtime. */
export interface LocalRuntime {
  urls: {
    api: string;
    s3: string;
    dynamodb: string;
    sns: string;
    rekognition?: string;
    /** The review console, when served. */
    console?: string;
  };
  /** The REST API's methods, e.g. `POST /frames`. */
  routes: string[];
  bucket: string;
  tableName: string;
  topicArn: string;
  /** The scheduled report's bucket and topic (`POST /local/reports/run` runs it). */
  reportsBucket: string;
  reportTopicArn: string;
  region: string;
  detector: DetectorKind;
  replayDir: string;
  /** The replay's answer for images without a recording, when one was given. */
  replayFallback?: string;
  /** What the replay detector did; undefined with the real Rekognition. */
  detectorStats(): ReplayDetectorStats | undefined;
  /** Sets the replay detector's quota in calls per second from now on; undefined lifts it. */
  setDetectorQuota(callsPerSecond: number | undefined): void;
  /** While true, the replay detector answers InternalServerError to every call (an outage). */
  setDetectorUnavailable(unavailable: boolean): void;
  /** The Custom Labels models the replay treats as not running from now on (`all`: every one). */
  setStoppedModels(models: readonly string[]): void;
  /** The ingest queue's counts, as `GET /local/queue` shows them. */
  queueStats(): QueueStats;
  /** Lets the ingest queue's idle wait for invisible messages pass at once; see IngestQueue. */
  skipIdleQueueWait(marginMs?: number): number;
  /** Resolves once no upload is queued or in analysis and no alert is pending. */
  idle(timeoutMs?: number): Promise<void>;
  /**
   * Where the analytics export is written (`<table>/day=yyyy-MM-dd/*.parquet`): `<dataDir>/export`,
   * or a temporary folder without a data folder; `npm run query` reads it.
   */
  exportDir: string;
  /** Stops everything: routes, queue, poller, stand-ins. */
  stop(): Promise<void>;
}

/** The bundled recordings: the sample image's DetectProtectiveEquipment response. */
export const BUNDLED_SAMPLES = fileURLToPath(new URL('./samples/', import.meta.url));
const BUCKET = 'ppe-ingest';
const REPORTS_BUCKET = 'ppe-reports';
const TABLE = 'ppe-results';
const INCOMING_PREFIX = 'incoming/';

/** The REST API's methods and the functions behind them, as lib/ingest-api.ts wires them. */
function apiRoutes(functions: LocalFunctions): ApiRoute[] {
  return [
    { method: 'POST', resource: '/frames', fn: functions.apiIngest },
    { method: 'GET', resource: '/frames/{frameId}', fn: functions.getFrame },
    { method: 'GET', resource: '/cameras/{cameraId}/frames', fn: functions.queryResults },
    { method: 'GET', resource: '/reports/compliance', fn: functions.queryResults },
    { method: 'GET', resource: '/frames/{frameId}/image', fn: functions.frameImage },
    { method: 'GET', resource: '/frames/{frameId}/image/original', fn: functions.frameImage },
    { method: 'GET', resource: '/violations', fn: functions.queryResults },
    { method: 'GET', resource: '/cameras', fn: functions.queryResults },
    {
      method: 'PUT',
      resource: '/frames/{frameId}/persons/{personId}/review',
      fn: functions.review,
    },
    { method: 'GET', resource: '/frames/{frameId}/reviews', fn: functions.review },
  ];
}

/** The origins a browser gives the console served locally on `port`. */
export const localConsoleOrigins = (port: number) => [
  `http://127.0.0.1:${port}`,
  `http://localhost:${port}`,
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let started = false;

/**
 * Starts the production handlers with local stand-ins around them, in this process: dynalite for
 * DynamoDB, s3rver for S3 (its uploads notify an in-process queue that feeds s3-ingest), a replay
 * or the real Rekognition, an SNS stand-in, an outbox poller in place of DynamoDB Streams, a
 * timer in place of the alert digest's schedule, and the REST routes. One runtime per process: the handlers read their environment at import.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  if (started) throw new Error('A local runtime was already started in this process.');
  started = true;
  // The SDK's own switch: its notice about Node 20 would only confuse a first run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const log = options.log ?? ((line: string) => console.log(line));
  const region = options.region ?? 'us-east-1';
  const detector = options.detector ?? 'replay';
  const replayDir = options.replayDir ?? BUNDLED_SAMPLES;
  const topicArn = `arn:aws:sns:${region}:000000000000:ppe-alerts`;
  const reportTopicArn = `arn:aws:sns:${region}:000000000000:ppe-reports`;
  if (detector === 'rekognition') await requireAwsCredentials(region);
  const fallback =
    detector === 'replay' && options.replayFallback
      ? await loadReplayFallback(options.replayFallback)
      : undefined;
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };

  try {
    // The export: every applied change goes through the same use case as the cloud's stream.
    const exportDir = options.dataDir
      ? join(options.dataDir, 'export')
      : await mkdtemp(join(tmpdir(), 'ppe-export-'));
    // The alert publisher's stream consumer starts once the functions are loaded; until then its
    // first poll's scan finds what was written.
    const alertFeed: { accept: (changes: StreamChange[]) => void } = { accept: () => {} };
    const exportStream = new LocalExportStream(
      makeExportChanges(await makeParquetExportSink(exportDir)),
      {
        ...(options.dataDir ? { spoolDir: join(options.dataDir, 'export-stream') } : {}),
        log,
      },
    );
    cleanups.push(() => exportStream.stop());
    const dynamodb = await startLocalDynamoDb({
      tableName: TABLE,
      region,
      // One applied write, two consumers, as the table's stream has in the cloud.
      onCommit: (changes) => {
        exportStream.accept(changes);
        alertFeed.accept(changes);
      },
      ...(options.dataDir ? { directory: join(options.dataDir, 'dynamodb') } : {}),
    });
    cleanups.push(() => dynamodb.close());
    const queueDir = options.dataDir ? join(options.dataDir, 'queue') : undefined;
    if (options.dataDir) {
      const released = await releaseAbandonedClaims(dynamodb.client, TABLE);
      if (released.length > 0) {
        log(`RECOVERY released ${released.length} frame claims left by a runtime that was killed`);
      }
    }

    // Uploads may arrive before the handlers are loaded: their batches wait for them.
    let settleFunctions: (loaded: Promise<LocalFunctions>) => void = () => {};
    const functions = new Promise<LocalFunctions>((resolve) => {
      settleFunctions = resolve;
    });
    const queue = new IngestQueue(
      options.s3IngestConsumer ??
        (async (event) => invoke((await functions).s3Ingest, event, region)),
      { ...options.queue, region },
      queueDir ? openDirectoryJournal(queueDir) : undefined,
    );
    const notified = queueDir
      ? new NotifiedUploads(join(queueDir, 'notified-uploads.log'))
      : undefined;
    // On disk before s3rver answers the upload: a notification counts once it would survive.
    const notify = (event: S3Event) => {
      queue.send(JSON.stringify(event));
      notified?.record(event);
    };

    const s3 = await startLocalS3({
      port: options.s3Port ?? 4569,
      bucket: BUCKET,
      otherBuckets: [REPORTS_BUCKET],
      region,
      notifyPrefix: INCOMING_PREFIX,
      onNotification: notify,
      ...(options.dataDir ? { directory: join(options.dataDir, 's3') } : {}),
    });
    cleanups.push(() => s3.close());
    if (notified) {
      const recovered = await notifyUnnotifiedUploads({
        s3Url: s3.url,
        bucket: BUCKET,
        region,
        prefix: INCOMING_PREFIX,
        notified,
        queued: versionsIn(queue.heldBodies()),
        notify,
      });
      if (recovered.length > 0) {
        log(
          `RECOVERY queued ${recovered.length} uploads stored but never notified (the runtime stopped in between)`,
        );
      }
    }

    const sns = await startLocalSns([topicArn, reportTopicArn], (alert: LocalAlert) => {
      if (alert.topicArn === reportTopicArn) {
        log(`REPORT ${alert.subject ?? ''}; see GET /local/reports`);
        return;
      }
      const { frameId, lastFrameId } = alert.message as { frameId?: string; lastFrameId?: string };
      log(`ALERT ${alert.subject ?? ''} (frame ${frameId ?? lastFrameId}); see GET /local/alerts`);
    });
    cleanups.push(() => sns.close());

    const replay =
      detector === 'replay'
        ? await startReplayDetector({
            replayDir,
            ...(options.replayCallsPerSecond !== undefined
              ? { callsPerSecond: options.replayCallsPerSecond }
              : {}),
            ...(options.replayLatencyMs !== undefined
              ? { latencyMs: options.replayLatencyMs }
              : {}),
            ...(fallback ? { fallback } : {}),
            ...(options.replayStoppedModels ? { stoppedModels: options.replayStoppedModels } : {}),
            readS3Object: (bucket, key) => s3.readObject(bucket, key),
            onMissingRecording: (message) => log(`REPLAY ${message}`),
          })
        : undefined;
    if (replay) cleanups.push(() => replay.close());
    // Stopped before the stand-ins it uses: the batches in flight finish first.
    cleanups.push(() => queue.stop());

    const analysis = { ...DEFAULT_ANALYSIS, ...options.analysis };
    const policyFile = writePolicyFile(localPolicySet(analysis));
    cleanups.push(async () => policyFile.remove());
    applyEnvironment(
      functionEnvironment({
        region,
        tableName: TABLE,
        topicArn,
        endpoints: {
          dynamodb: dynamodb.url,
          s3: s3.url,
          sns: sns.url,
          ...(replay ? { rekognition: replay.url } : {}),
        },
        detector,
        logLevel: options.logLevel ?? 'INFO',
        analysis,
        policiesFile: policyFile.path,
        ingestBucket: BUCKET,
      }),
    );
    const loading = loadFunctions();
    settleFunctions(loading);
    const loaded = await loading;

    const poller = new AlertOutboxPoller({
      client: dynamodb.client,
      tableName: TABLE,
      region,
      handler: (event) => invoke(loaded.alertPublisher, event, region),
      ...(options.alertPollIntervalMs !== undefined
        ? { intervalMs: options.alertPollIntervalMs }
        : {}),
      onError: (message) => log(`ALERT-OUTBOX ${message}`),
    });
    alertFeed.accept = poller.accept;
    dynamodb.onWrite(() => poller.markDirty());
    poller.start();
    cleanups.push(() => poller.stop());

    const digests = startDigestSchedule({
      run: () => invoke(loaded.alertDigest, { source: 'aws.events' }, region),
      intervalMs: options.digestIntervalMs ?? 5000,
      onError: (message) => log(`ALERT-DIGEST ${message}`),
    });
    cleanups.push(() => digests.stop());

    const routes = apiRoutes(loaded);
    let consoleUrl: string | undefined;
    let reports: LocalReports | undefined;
    const server: Server = createLocalRoutes({
      routes,
      region,
      info: () => ({
        s3Endpoint: s3.url,
        bucket: BUCKET,
        reportsBucket: REPORTS_BUCKET,
        detector,
        region,
        exportDir,
        ...(consoleUrl ? { consoleUrl } : {}),
      }),
      alerts: () => sns.alerts(topicArn),
      reports: {
        published: () => sns.alerts(reportTopicArn),
        run: async (body) =>
          reports
            ? reports.answer(body)
            : [503, { error: { code: 'STARTING', message: 'The runtime is starting: retry.' } }],
      },
      deadLetters: () => [...queue.deadLetterList(), ...poller.deadLetterList()],
      queue,
      log,
      corsOrigins: () => (consoleUrl ? localConsoleOrigins(Number(new URL(consoleUrl).port)) : []),
    });
    const port = await listen(server, options.port ?? 3000, '127.0.0.1');
    cleanups.push(() => close(server));
    const apiUrl = `http://127.0.0.1:${port}`;

    if (options.consolePort !== false) {
      await ensureConsoleBuilt(log);
      const consoleServer = createConsoleServer(CONSOLE_DIST, () => ({
        apiUrl,
        region,
        auth: 'none',
      }));
      const consolePort = await listen(consoleServer, options.consolePort ?? 3001, '127.0.0.1');
      cleanups.push(() => close(consoleServer));
      consoleUrl = `http://127.0.0.1:${consolePort}`;
    }
    reports = await loadLocalReports({
      region,
      bucket: REPORTS_BUCKET,
      topicArn: reportTopicArn,
      period: options.report?.period ?? 'week',
      timeZone: options.report?.timeZone ?? 'UTC',
      ...(consoleUrl ? { consoleUrl } : {}),
      log,
    });

    return {
      urls: {
        api: apiUrl,
        ...(consoleUrl ? { console: consoleUrl } : {}),
        s3: s3.url,
        dynamodb: dynamodb.url,
        sns: sns.url,
        ...(replay ? { rekognition: replay.url } : {}),
      },
      routes: routes.map((route) => `${route.method} ${route.resource}`),
      bucket: BUCKET,
      tableName: TABLE,
      topicArn,
      reportsBucket: REPORTS_BUCKET,
      reportTopicArn,
      region,
      detector,
      replayDir,
      ...(fallback && options.replayFallback ? { replayFallback: options.replayFallback } : {}),
      detectorStats: () => replay?.stats(),
      setDetectorQuota: (callsPerSecond) => replay?.setCallsPerSecond(callsPerSecond),
      setDetectorUnavailable: (unavailable) => replay?.setUnavailable(unavailable),
      setStoppedModels: (models) => replay?.setStoppedModels(models),
      queueStats: () => queue.stats(),
      skipIdleQueueWait: (marginMs) => queue.skipIdleWait(marginMs),
      async idle(timeoutMs = 15_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          await Promise.race([queue.whenIdle(), sleep(Math.max(0, deadline - Date.now()))]);
          const pendingAlerts = await poller.pollOnce();
          const { waiting, inFlight } = queue.stats();
          await exportStream.idle();
          if (pendingAlerts === 0 && waiting === 0 && inFlight === 0) return;
          if (Date.now() >= deadline) {
            throw new Error(
              `Still busy after ${timeoutMs} ms: ${waiting} queued, ${inFlight} in analysis, ${pendingAlerts} alerts pending`,
            );
          }
          await sleep(50);
        }
      },
      exportDir,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
