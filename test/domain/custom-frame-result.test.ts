import type { ProtectiveEquipmentType } from '@aws-sdk/client-rekognition';
import { describe, expect, it } from 'vitest';
import { buildFrameResult, type FrameContext } from '../../lambda/domain/frame-result.js';
import { summariseRecording } from '../../local/replay-recordings.js';
import { GOGGLES, HIGH_VIS_VEST, VEST_MODEL } from '../support/custom-equipment.js';
import { fixtureCustomLabels, fixtureRecording } from '../support/fixtures.js';

const context = (requiredEquipment: string[]): FrameContext => ({
  frameId: 'f-1',
  cameraId: 'cam-01',
  capturedAt: '2026-11-27T09:00:00.000Z',
  source: 'api',
  requiredEquipment,
  minConfidence: 80,
  policy: 'default',
});

/** The real PPE response (Summary for the built-in types) and the Custom Labels one beside it. */
const responseFor = (builtIn: string[], vestModel: 'labels' | 'not-running' = 'labels') => ({
  ...summariseRecording(fixtureRecording.response, {
    MinConfidence: 80,
    RequiredEquipmentTypes: builtIn as ProtectiveEquipmentType[],
  }),
  customLabels: [
    vestModel === 'labels'
      ? { projectVersionArn: VEST_MODEL, labels: fixtureCustomLabels.CustomLabels }
      : { projectVersionArn: VEST_MODEL, notRunning: true as const, message: 'not deployed' },
  ],
});

describe('verdicts over built-in and custom types together, on the real fixture', () => {
  const { result, disagreements } = buildFrameResult(
    context(['HEAD_COVER', 'HIGH_VIS_VEST']),
    responseFor(['HEAD_COVER']),
    false,
    [HIGH_VIS_VEST],
  );

  it('judges each person on both: head covers from PPE, vests from the label boxes', () => {
    expect(
      result.persons.map(({ personId, status, missingEquipment, uncertainEquipment }) => ({
        personId,
        status,
        missingEquipment,
        uncertainEquipment,
      })),
    ).toEqual([
      { personId: 0, status: 'compliant', missingEquipment: [], uncertainEquipment: [] },
      {
        personId: 1,
        status: 'indeterminate',
        missingEquipment: [],
        uncertainEquipment: ['HIGH_VIS_VEST'],
      },
      {
        personId: 2,
        status: 'violation',
        missingEquipment: ['HIGH_VIS_VEST'],
        uncertainEquipment: [],
      },
      { personId: 3, status: 'compliant', missingEquipment: [], uncertainEquipment: [] },
    ]);
  });

  it('recomputes the summary over all required types, agreeing with Rekognition on its own', () => {
    expect(result.summary).toEqual({
      personsWithRequiredEquipment: [0, 3],
      personsWithoutRequiredEquipment: [2],
      personsIndeterminate: [1],
    });
    expect(disagreements).toEqual([]);
    expect(result.status).toBe('violation');
    expect(result.alert).toBe(true);
  });

  it("shows each person the label boxes given to them; the vest on the ground is no one's", () => {
    expect(
      result.persons.map((p) => p.customLabels?.map((l) => `${l.name}@${l.confidence}`)),
    ).toEqual([['vest@92.4'], ['vest@61.2'], [], ['hi-vis-jacket@88']]);
    expect(result.persons[0]?.customLabels?.[0]).toEqual({
      type: 'HIGH_VIS_VEST',
      name: 'vest',
      confidence: 92.4,
      boundingBox: { left: 0.74, top: 0.38, width: 0.15, height: 0.25 },
    });
  });

  it('keeps a definite built-in miss over a custom uncertainty', () => {
    const both = buildFrameResult(
      context(['HAND_COVER', 'HIGH_VIS_VEST']),
      responseFor(['HAND_COVER']),
      false,
      [HIGH_VIS_VEST],
    ).result;

    expect(both.persons[1]).toMatchObject({
      status: 'violation',
      missingEquipment: ['HAND_COVER'],
      uncertainEquipment: ['HIGH_VIS_VEST'],
    });
    expect(both.summary.personsWithoutRequiredEquipment).toEqual([0, 1, 2, 3]);
  });

  it('judges a frame that requires only a custom type without a Summary from Rekognition', () => {
    const { Summary: _none, ...noSummary } = responseFor(['HEAD_COVER']);
    const only = buildFrameResult(context(['HIGH_VIS_VEST']), noSummary, false, [HIGH_VIS_VEST]);

    expect(only.result.summary).toEqual({
      personsWithRequiredEquipment: [0, 3],
      personsWithoutRequiredEquipment: [2],
      personsIndeterminate: [1],
    });
  });

  it('leaves out customLabels when the frame requires no custom type', () => {
    const plain = buildFrameResult(context(['HEAD_COVER']), responseFor(['HEAD_COVER']), false, [
      HIGH_VIS_VEST,
    ]).result;

    expect(plain.persons.every((p) => p.customLabels === undefined)).toBe(true);
    expect(plain.unavailableEquipment).toBeUndefined();
  });
});

describe('a Custom Labels model that is not running', () => {
  const { result } = buildFrameResult(
    context(['HEAD_COVER', 'HIGH_VIS_VEST']),
    responseFor(['HEAD_COVER'], 'not-running'),
    false,
    [HIGH_VIS_VEST],
  );

  it('makes its type uncertain for everyone, the built-in types judged as usual', () => {
    expect(result.persons.map((p) => p.status)).toEqual(Array(4).fill('indeterminate'));
    expect(result.persons.every((p) => p.uncertainEquipment.join() === 'HIGH_VIS_VEST')).toBe(true);
    expect(result.unavailableEquipment).toEqual(['HIGH_VIS_VEST']);
  });

  it('still finds a built-in violation', () => {
    const hands = buildFrameResult(
      context(['HAND_COVER', 'HIGH_VIS_VEST']),
      responseFor(['HAND_COVER'], 'not-running'),
      false,
      [HIGH_VIS_VEST, GOGGLES],
    ).result;

    expect(hands.persons.map((p) => p.status)).toEqual(Array(4).fill('violation'));
    expect(hands.alert).toBe(true);
  });
});
