import { describe, expect, it } from 'vitest';
import { buildAlertMessage } from '../../lambda/domain/alert-message.js';
import { buildFrameResult, type FrameContext } from '../../lambda/domain/frame-result.js';
import { reconcileWithSummary } from '../../lambda/domain/reconcile-summary.js';
import { fixtureRecording } from '../support/fixtures.js';

const context: FrameContext = {
  frameId: 'f-1',
  cameraId: 'cam-01',
  location: 'plant-3/line-2',
  capturedAt: '2026-11-27T09:00:00.000Z',
  source: 'api',
  requiredEquipment: ['FACE_COVER'],
  minConfidence: 80,
  policy: 'default',
};
const { response } = fixtureRecording;

describe('buildFrameResult', () => {
  it('stores person statuses equal to the fixture Summary', () => {
    const { result } = buildFrameResult(context, response, false);

    expect(result.summary.personsWithRequiredEquipment).toEqual(
      response.Summary.PersonsWithRequiredEquipment,
    );
    expect(result.persons.map((p) => p.status)).toEqual(Array(4).fill('compliant'));
    expect(result.alert).toBe(false);
  });

  it('raises an alert and names the missing equipment when gloves are required', () => {
    const { result } = buildFrameResult(
      { ...context, requiredEquipment: ['HAND_COVER'] },
      { ...response, Summary: undefined },
      false,
    );

    expect(result.alert).toBe(true);
    expect(result.status).toBe('violation');
    expect(result.persons[0]?.missingEquipment).toEqual(['HAND_COVER']);
  });

  it('keeps body parts and boxes in the contract casing', () => {
    const { result } = buildFrameResult(context, response, false);
    const face = result.persons[0]?.bodyParts.find((part) => part.name === 'FACE');

    expect(face?.equipment[0]).toMatchObject({
      type: 'FACE_COVER',
      coversBodyPart: true,
      boundingBox: { left: expect.any(Number), top: expect.any(Number) },
    });
  });

  it('follows the Summary where our rules disagree with it, and reports the person', () => {
    const disagreeing = {
      ...response,
      Summary: {
        ...response.Summary,
        PersonsWithRequiredEquipment: [0, 1, 2],
        PersonsIndeterminate: [3],
      },
    };
    const { result, disagreements } = buildFrameResult(context, disagreeing, false);

    expect(disagreements).toEqual([3]);
    expect(result.persons[3]?.status).toBe('indeterminate');
  });

  it('alerts on indeterminate persons only when configured to', () => {
    const unsure = {
      ...response,
      Persons: response.Persons?.map((p) => ({ ...p, Confidence: 60 })),
    };

    expect(buildFrameResult(context, { ...unsure, Summary: undefined }, false).result.alert).toBe(
      false,
    );
    expect(buildFrameResult(context, { ...unsure, Summary: undefined }, true).result.alert).toBe(
      true,
    );
  });
});

describe('reconcileWithSummary', () => {
  it('moves equipment to missing when the Summary calls a person a violation', () => {
    const { verdicts } = reconcileWithSummary(
      [
        {
          personId: 0,
          status: 'indeterminate',
          missingEquipment: [],
          uncertainEquipment: ['HEAD_COVER'],
        },
      ],
      { PersonsWithoutRequiredEquipment: [0] },
    );

    expect(verdicts[0]).toMatchObject({ status: 'violation', missingEquipment: ['HEAD_COVER'] });
  });
});

describe('buildAlertMessage', () => {
  const { result } = buildFrameResult(
    { ...context, requiredEquipment: ['HAND_COVER'] },
    { ...response, Summary: undefined },
    false,
  );
  const message = buildAlertMessage(result);

  it('follows the alert contract, naming what each person lacks', () => {
    expect(message.body).toMatchObject({
      type: 'PPE_VIOLATION',
      frameId: 'f-1',
      cameraId: 'cam-01',
      location: 'plant-3/line-2',
      personsTotal: 4,
    });
    expect(message.body.violations[0]).toEqual({
      personId: 0,
      missingEquipment: ['HAND_COVER'],
      confidence: expect.any(Number),
      boundingBox: expect.objectContaining({ width: expect.any(Number) }),
    });
  });

  it('carries no image bytes or face data', () => {
    expect(JSON.stringify(message.body)).not.toMatch(/bodyParts|Bytes|image/i);
  });

  it('sets filterable attributes', () => {
    expect(message.attributes).toEqual({
      eventType: 'PPE_VIOLATION',
      cameraId: 'cam-01',
      location: 'plant-3/line-2',
      missingEquipment: ['HAND_COVER'],
    });
  });

  it('keeps the subject under 100 printable ASCII characters', () => {
    const long = buildAlertMessage({ ...result, location: `hall-ü-${'x'.repeat(200)}` });

    expect(message.subject).toBe('PPE alert at cam-01 (plant-3/line-2): 4 without hand cover');
    expect(long.subject.length).toBeLessThan(100);
    expect(long.subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('gives a violation whose missing equipment is unknown the required types as missingEquipment', () => {
    // Our rules find everyone wearing a face cover; Rekognition's Summary says person 0 lacks it.
    const { result: overruled } = buildFrameResult(
      context,
      {
        ...response,
        Summary: {
          PersonsWithRequiredEquipment: [1, 2, 3],
          PersonsWithoutRequiredEquipment: [0],
          PersonsIndeterminate: [],
        },
      },
      false,
    );

    const alert = buildAlertMessage(overruled);

    expect(alert.body.violations).toEqual([
      expect.objectContaining({ personId: 0, missingEquipment: [] }),
    ]);
    expect(alert.attributes.missingEquipment).toEqual(['FACE_COVER']);
    expect(alert.subject).toBe(
      'PPE alert at cam-01 (plant-3/line-2): 1 without required equipment',
    );
  });
});
