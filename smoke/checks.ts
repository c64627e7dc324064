import * as z from 'zod';
import { type ApiReply, type ReceivedAlert, StepFailure } from './target.js';

/** The persons of the fixture frame: four workers, ids 0 to 3. */
export const FIXTURE_PERSON_IDS = [0, 1, 2, 3];

const frameResultSchema = z.looseObject({
  frameId: z.string().min(1),
  cameraId: z.string(),
  source: z.string(),
  requiredEquipment: z.array(z.string()),
  minConfidence: z.number(),
  summary: z.object({
    personsWithRequiredEquipment: z.array(z.number()),
    personsWithoutRequiredEquipment: z.array(z.number()),
    personsIndeterminate: z.array(z.number()),
  }),
  persons: z.array(
    z.looseObject({
      personId: z.number(),
      status: z.string(),
      missingEquipment: z.array(z.string()),
    }),
  ),
  alert: z.boolean(),
});

/** A frame result as the smoke test reads it (the contract's fields it checks). */
export type FrameResult = z.infer<typeof frameResultSchema>;

/** What the fixture frame must yield under one set of requirements. */
export interface Expected {
  cameraId: string;
  source: 'api' | 's3';
  status: 'violation' | 'compliant';
  /** Each person's missing equipment. */
  missingEquipment: string[];
}

const json = (value: unknown) => JSON.stringify(value);

/** The error body's code and message, or the start of the body, for a failure reason. */
export function describeReply(reply: ApiReply): string {
  const error = (reply.json as { error?: { code?: string; message?: string } } | undefined)?.error;
  if (error?.code) return `${reply.status} ${error.code}: ${error.message ?? ''}`.trim();
  const text = reply.text.length > 300 ? `${reply.text.slice(0, 300)}…` : reply.text;
  return `${reply.status} ${text}`.trim();
}

/** The reply's body as a frame result; fails naming the status and error when it is not one. */
export function frameResultOf(reply: ApiReply, what: string): FrameResult {
  if (reply.status !== 200) throw new StepFailure(`${what} answered ${describeReply(reply)}`);
  const parsed = frameResultSchema.safeParse(reply.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StepFailure(
      `${what} answered 200 but not a frame result: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''} (${describeReply(reply)})`,
    );
  }
  return parsed.data;
}

/**
 * Checks the verdicts on the fixture frame: its camera and path, four persons, each with the
 * expected status and missing equipment, a summary that agrees, and whether it alerts.
 */
export function checkVerdicts(result: FrameResult, expected: Expected): void {
  const problems: string[] = [];
  if (result.cameraId !== expected.cameraId) {
    problems.push(`cameraId is ${json(result.cameraId)}, not ${json(expected.cameraId)}`);
  }
  if (result.source !== expected.source) {
    problems.push(`source is ${json(result.source)}, not ${json(expected.source)}`);
  }
  const ids = result.persons.map((person) => person.personId);
  if (json(ids) !== json(FIXTURE_PERSON_IDS)) {
    problems.push(`persons are ${json(ids)}, not the fixture's four ${json(FIXTURE_PERSON_IDS)}`);
  }
  for (const person of result.persons) {
    if (person.status !== expected.status) {
      problems.push(`person ${person.personId} is ${person.status}, not ${expected.status}`);
    } else if (json(person.missingEquipment) !== json(expected.missingEquipment)) {
      problems.push(
        `person ${person.personId} misses ${json(person.missingEquipment)}, not ${json(expected.missingEquipment)}`,
      );
    }
  }
  const summaryKey =
    expected.status === 'violation'
      ? 'personsWithoutRequiredEquipment'
      : 'personsWithRequiredEquipment';
  if (json(result.summary[summaryKey]) !== json(FIXTURE_PERSON_IDS)) {
    problems.push(`summary.${summaryKey} is ${json(result.summary[summaryKey])}`);
  }
  const alert = expected.status === 'violation';
  if (result.alert !== alert) problems.push(`alert is ${result.alert}, not ${alert}`);
  if (problems.length > 0) {
    throw new StepFailure(`frame ${result.frameId}: ${problems.join('; ')}`);
  }
}

const alertBodySchema = z.looseObject({
  type: z.string(),
  frameId: z.string(),
  cameraId: z.string(),
  source: z.string(),
  personsTotal: z.number(),
  violations: z.array(
    z.looseObject({ personId: z.number(), missingEquipment: z.array(z.string()) }),
  ),
});

/** The frame id an alert is about, or undefined when its body is not an alert. */
export function alertFrameId(alert: ReceivedAlert): string | undefined {
  const body = alertBody(alert.message);
  return typeof body?.frameId === 'string' ? body.frameId : undefined;
}

function alertBody(message: unknown): Record<string, unknown> | undefined {
  let value = message;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Checks an alert for a violating fixture frame: the body names the frame, camera and path and
 * all four persons missing the equipment; the attributes that filter policies match on agree,
 * where the delivery carries them (see {@link ReceivedAlert.attributes}).
 */
export function checkAlert(alert: ReceivedAlert, frame: FrameResult, missing: string[]): void {
  const parsed = alertBodySchema.safeParse(alertBody(alert.message));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StepFailure(
      `the alert's body is not the alert contract: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`,
    );
  }
  const body = parsed.data;
  const problems: string[] = [];
  if (body.type !== 'PPE_VIOLATION') problems.push(`type is ${json(body.type)}`);
  if (body.cameraId !== frame.cameraId) problems.push(`cameraId is ${json(body.cameraId)}`);
  if (body.source !== frame.source) problems.push(`source is ${json(body.source)}`);
  if (body.personsTotal !== FIXTURE_PERSON_IDS.length) {
    problems.push(`personsTotal is ${body.personsTotal}`);
  }
  const violations = body.violations.map((v) => `${v.personId}:${v.missingEquipment.join('+')}`);
  const expectedViolations = FIXTURE_PERSON_IDS.map((id) => `${id}:${missing.join('+')}`);
  if (json(violations) !== json(expectedViolations)) {
    problems.push(`violations are ${json(violations)}, not ${json(expectedViolations)}`);
  }
  if (alert.attributes) {
    const { eventType, cameraId, missingEquipment } = alert.attributes;
    if (eventType !== 'PPE_VIOLATION') problems.push(`attribute eventType is ${json(eventType)}`);
    if (cameraId !== frame.cameraId) problems.push(`attribute cameraId is ${json(cameraId)}`);
    if (json(missingEquipment) !== json(missing)) {
      problems.push(
        `attribute missingEquipment is ${json(missingEquipment)}, not ${json(missing)}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new StepFailure(`alert for frame ${frame.frameId}: ${problems.join('; ')}`);
  }
}
