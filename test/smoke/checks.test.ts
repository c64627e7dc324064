import { describe, expect, it } from 'vitest';
import { checkAlert, checkVerdicts, type FrameResult } from '../../smoke/checks.js';
import { firstDifference } from '../../smoke/steps.js';

const violation = (overrides: Partial<FrameResult> = {}): FrameResult => ({
  frameId: 'k-1',
  cameraId: 'smoke-0a1b2c3d-api',
  source: 'api',
  requiredEquipment: ['HAND_COVER'],
  minConfidence: 80,
  summary: {
    personsWithRequiredEquipment: [],
    personsWithoutRequiredEquipment: [0, 1, 2, 3],
    personsIndeterminate: [],
  },
  persons: [0, 1, 2, 3].map((personId) => ({
    personId,
    status: 'violation',
    missingEquipment: ['HAND_COVER'],
  })),
  alert: true,
  ...overrides,
});
const expected = {
  cameraId: 'smoke-0a1b2c3d-api',
  source: 'api' as const,
  status: 'violation' as const,
  missingEquipment: ['HAND_COVER'],
};

describe('the verdict check', () => {
  it('accepts four violations missing hand covers', () => {
    expect(() => checkVerdicts(violation(), expected)).not.toThrow();
  });

  it('names the person whose verdict differs and what it was', () => {
    const result = violation();
    result.persons[2] = { personId: 2, status: 'indeterminate', missingEquipment: [] };

    expect(() => checkVerdicts(result, expected)).toThrow(
      'frame k-1: person 2 is indeterminate, not violation',
    );
  });

  it('fails a frame that found fewer persons than the fixture has', () => {
    expect(() =>
      checkVerdicts(violation({ persons: violation().persons.slice(0, 3) }), expected),
    ).toThrow(/persons are \[0,1,2\], not the fixture's four/);
  });
});

describe('the alert check', () => {
  const body = {
    type: 'PPE_VIOLATION',
    frameId: 'k-1',
    cameraId: 'smoke-0a1b2c3d-api',
    source: 'api',
    personsTotal: 4,
    violations: [0, 1, 2, 3].map((personId) => ({ personId, missingEquipment: ['HAND_COVER'] })),
  };
  const attributes = {
    eventType: 'PPE_VIOLATION',
    cameraId: 'smoke-0a1b2c3d-api',
    missingEquipment: ['HAND_COVER'],
  };

  it('accepts the contract body with matching filter attributes', () => {
    expect(() =>
      checkAlert({ message: body, attributes }, violation(), ['HAND_COVER']),
    ).not.toThrow();
  });

  it('names a missing missingEquipment attribute, which filter policies match on', () => {
    const { missingEquipment: _, ...withoutMissing } = attributes;

    expect(() =>
      checkAlert({ message: body, attributes: withoutMissing }, violation(), ['HAND_COVER']),
    ).toThrow(/attribute missingEquipment is undefined, not \["HAND_COVER"\]/);
  });

  it('names a body that is not the alert contract', () => {
    expect(() =>
      checkAlert({ message: 'PPE alert at cam-01', attributes }, violation(), ['HAND_COVER']),
    ).toThrow(/the alert's body is not the alert contract/);
  });
});

describe('firstDifference', () => {
  it('names the path of the first differing field', () => {
    expect(firstDifference({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toBe(
      'body.a.b[1]: 2 instead of 3',
    );
  });

  it('is undefined for equal values whatever the key order', () => {
    expect(firstDifference({ a: 1, b: 2 }, { b: 2, a: 1 })).toBeUndefined();
  });
});
