import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  alertFrameId,
  checkAlert,
  checkVerdicts,
  describeReply,
  type FrameResult,
  frameResultOf,
} from './checks.js';
import { COMPLIANT_POLICY, FIXTURE_IMAGE, SMOKE_LOCATION, VIOLATING_POLICY } from './fixture.js';
import type { Step } from './runner.js';
import {
  type AlertInbox,
  type ReceivedAlert,
  type RegisterCleanup,
  type SmokeTarget,
  StepFailure,
} from './target.js';

/** What the steps share: the target, the run's ids and what earlier steps found. */
export interface SmokeContext {
  /** Opens the target; the first step does it. */
  open: () => Promise<SmokeTarget>;
  /** Registers an undo action for the end of the run. */
  cleanup: RegisterCleanup;
  runId: string;
  target?: SmokeTarget;
  inbox?: AlertInbox;
  /** Alerts received so far, by frame id: one wait may bring another frame's alert. */
  alerts: Map<string, ReceivedAlert>;
  compliantFrame?: FrameResult;
  apiFrame?: FrameResult;
  s3Frame?: FrameResult;
  s3Key?: string;
}

/** A fresh run id: camera ids made from it have no alert cooldown from earlier runs. */
export const newRunId = () => randomBytes(4).toString('hex');

/** The camera ids of a run, one per path. */
export const cameraIds = (runId: string) => ({
  api: `smoke-${runId}-api`,
  s3: `smoke-${runId}-s3`,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The path of the first field where two JSON values differ, or undefined when they are equal. */
export function firstDifference(
  actual: unknown,
  expected: unknown,
  path = 'body',
): string | undefined {
  if (isDeepStrictEqual(actual, expected)) return undefined;
  if (typeof actual === 'object' && actual && typeof expected === 'object' && expected) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of keys) {
      const at = Array.isArray(expected) ? `${path}[${key}]` : `${path}.${key}`;
      const found = firstDifference(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        at,
      );
      if (found) return found;
    }
  }
  return `${path}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new StepFailure(`${what} is missing: an earlier step did not run`);
  return value;
}

async function postFrame(
  context: SmokeContext,
  policy: { requiredEquipment: string[]; minConfidence: number },
  kind: string,
): Promise<FrameResult> {
  const target = need(context.target, 'the target');
  const body = {
    image: FIXTURE_IMAGE.toString('base64'),
    cameraId: cameraIds(context.runId).api,
    location: SMOKE_LOCATION,
    capturedAt: new Date().toISOString(),
    ...policy,
  };
  const reply = await target.request('POST', 'frames', body, {
    'Idempotency-Key': `smoke-${context.runId}-${kind}`,
  });
  return frameResultOf(reply, 'POST /frames');
}

/** Waits until the alert for `frame` has arrived, keeping any other alert of the run. */
async function receiveAlert(context: SmokeContext, frame: FrameResult): Promise<void> {
  const target = need(context.target, 'the target');
  const inbox = need(context.inbox, 'the alert subscription');
  const deadline = Date.now() + target.waitMs;
  while (!context.alerts.has(frame.frameId)) {
    if (Date.now() >= deadline) {
      throw new StepFailure(
        `no alert for frame ${frame.frameId} (camera ${frame.cameraId}) within ${target.waitMs / 1000} s`,
      );
    }
    for (const alert of await inbox.receive(deadline)) {
      const frameId = alertFrameId(alert);
      if (frameId) context.alerts.set(frameId, alert);
    }
  }
  const compliant = context.compliantFrame?.frameId;
  if (compliant && context.alerts.has(compliant)) {
    throw new StepFailure(`an alert came for the compliant frame ${compliant}`);
  }
  checkAlert(
    context.alerts.get(frame.frameId) as ReceivedAlert,
    frame,
    VIOLATING_POLICY.requiredEquipment,
  );
}

/** Polls the S3 camera's timeline until its one frame shows up, then reads the whole result. */
async function waitForS3Result(context: SmokeContext): Promise<FrameResult> {
  const target = need(context.target, 'the target');
  const camera = cameraIds(context.runId).s3;
  const deadline = Date.now() + target.waitMs;
  for (;;) {
    const reply = await target.request('GET', `cameras/${camera}/frames`);
    if (reply.status !== 200) {
      throw new StepFailure(`GET /cameras/${camera}/frames answered ${describeReply(reply)}`);
    }
    const items = (
      reply.json as { items?: { frameId?: string; status?: string; rejection?: unknown }[] }
    ).items;
    const item = items?.[0];
    if (item?.status === 'rejected') {
      throw new StepFailure(`the upload was rejected: ${JSON.stringify(item.rejection)}`);
    }
    if (item?.frameId) {
      return frameResultOf(
        await target.request('GET', `frames/${item.frameId}`),
        `GET /frames/${item.frameId}`,
      );
    }
    if (Date.now() >= deadline) {
      throw new StepFailure(
        `no result for s3://…/${context.s3Key} (camera ${camera}) within ${target.waitMs / 1000} s: look at the ingest queue, its DLQ and the s3-ingest function's logs`,
      );
    }
    await sleep(target.pollIntervalMs);
  }
}

/**
 * The smoke test, step by step: open the target, subscribe to alerts, post the fixture frame
 * under requirements it meets and under ones it fails, read the result back, drop the frame into
 * the bucket and wait for its result, and receive both violations' alerts.
 */
export function smokeSteps(openName: string): Step<SmokeContext>[] {
  return [
    {
      name: openName,
      async run(context) {
        context.target = await context.open();
      },
    },
    {
      name: 'subscribe to alerts',
      async run(context) {
        context.inbox = await need(context.target, 'the target').subscribeToAlerts(context.cleanup);
      },
    },
    {
      name: 'post compliant frame',
      async run(context) {
        const frame = await postFrame(context, COMPLIANT_POLICY, 'compliant');
        checkVerdicts(frame, {
          cameraId: cameraIds(context.runId).api,
          source: 'api',
          status: 'compliant',
          missingEquipment: [],
        });
        context.compliantFrame = frame;
      },
    },
    {
      name: 'post violating frame',
      async run(context) {
        const frame = await postFrame(context, VIOLATING_POLICY, 'violating');
        checkVerdicts(frame, {
          cameraId: cameraIds(context.runId).api,
          source: 'api',
          status: 'violation',
          missingEquipment: VIOLATING_POLICY.requiredEquipment,
        });
        context.apiFrame = frame;
      },
    },
    {
      name: 'read frame back',
      async run(context) {
        const posted = need(context.apiFrame, 'the posted frame');
        const target = need(context.target, 'the target');
        const path = `frames/${posted.frameId}`;
        const reply = await target.request('GET', path);
        const stored = frameResultOf(reply, `GET /${path}`);
        // A stored person also carries its review: none yet (null) for a frame just posted.
        const unreviewed = {
          ...stored,
          persons: stored.persons.map(({ review, ...person }) =>
            review === null ? person : { ...person, review },
          ),
        };
        const difference = firstDifference(unreviewed, posted);
        if (difference !== undefined) {
          throw new StepFailure(`GET /${path} differs from the POST answer at ${difference}`);
        }
      },
    },
    {
      name: 'receive alert for posted frame',
      run: async (context) => receiveAlert(context, need(context.apiFrame, 'the posted frame')),
    },
    {
      name: 'upload frame to bucket',
      async run(context) {
        const camera = cameraIds(context.runId).s3;
        const key = `incoming/${camera}/smoke-${context.runId}.jpg`;
        await need(context.target, 'the target').upload(
          key,
          FIXTURE_IMAGE,
          {
            'camera-id': camera,
            location: SMOKE_LOCATION,
            'captured-at': new Date().toISOString(),
            'required-equipment': VIOLATING_POLICY.requiredEquipment.join(','),
            'min-confidence': String(VIOLATING_POLICY.minConfidence),
          },
          context.cleanup,
        );
        context.s3Key = key;
      },
    },
    {
      name: 'wait for S3 result',
      async run(context) {
        const frame = await waitForS3Result(context);
        checkVerdicts(frame, {
          cameraId: cameraIds(context.runId).s3,
          source: 's3',
          status: 'violation',
          missingEquipment: VIOLATING_POLICY.requiredEquipment,
        });
        context.s3Frame = frame;
      },
    },
    {
      name: 'receive alert for uploaded frame',
      run: async (context) => receiveAlert(context, need(context.s3Frame, 'the S3 result')),
    },
  ];
}
