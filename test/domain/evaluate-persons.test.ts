import { describe, expect, it } from 'vitest';
import type { EquipmentType } from '../../lambda/domain/equipment.js';
import {
  evaluatePersons,
  type RekognitionPerson,
  summarise,
} from '../../lambda/domain/evaluate-persons.js';
import { fixtureRecording } from '../support/fixtures.js';

type Detection = { type: EquipmentType; confidence: number; covers: boolean; coversConf?: number };

/** A person with the given body parts; every part seen at 99% unless said otherwise. */
function person(
  parts: Partial<Record<'FACE' | 'HEAD' | 'LEFT_HAND' | 'RIGHT_HAND', Detection[] | number>>,
  confidence = 99,
): RekognitionPerson {
  return {
    Id: 0,
    Confidence: confidence,
    BodyParts: Object.entries(parts).map(([Name, value]) => ({
      Name,
      Confidence: typeof value === 'number' ? value : 99,
      EquipmentDetections: (typeof value === 'number' ? [] : value).map((d) => ({
        Type: d.type,
        Confidence: d.confidence,
        CoversBodyPart: { Value: d.covers, Confidence: d.coversConf ?? 99 },
      })),
    })),
  };
}

const helmet = { type: 'HEAD_COVER', confidence: 97, covers: true } as const;
const mask = { type: 'FACE_COVER', confidence: 99, covers: true } as const;
const glove = { type: 'HAND_COVER', confidence: 95, covers: true } as const;
const requireHead = { requiredEquipment: ['HEAD_COVER'] as EquipmentType[], minConfidence: 80 };
const requireHands = { requiredEquipment: ['HAND_COVER'] as EquipmentType[], minConfidence: 80 };

describe('evaluatePersons on the real fixture response', () => {
  const { request, response } = fixtureRecording;
  const requirement = {
    requiredEquipment: request.SummarizationAttributes.RequiredEquipmentTypes as EquipmentType[],
    minConfidence: request.SummarizationAttributes.MinConfidence,
  };

  it('reproduces the Summary that Rekognition returned', () => {
    const summary = summarise(evaluatePersons(response.Persons ?? [], requirement));

    expect(summary).toEqual({
      personsWithRequiredEquipment: response.Summary.PersonsWithRequiredEquipment,
      personsWithoutRequiredEquipment: response.Summary.PersonsWithoutRequiredEquipment,
      personsIndeterminate: response.Summary.PersonsIndeterminate,
    });
  });

  it('finds all four workers wearing face covers', () => {
    const verdicts = evaluatePersons(response.Persons ?? [], requirement);

    expect(verdicts.map((v) => v.status)).toEqual([
      'compliant',
      'compliant',
      'compliant',
      'compliant',
    ]);
  });

  it('finds every worker bare-handed when gloves are required', () => {
    const verdicts = evaluatePersons(response.Persons ?? [], requireHands);

    // Every hand was seen with confidence >= 80 and no HAND_COVER on it: a definite miss.
    expect(verdicts.every((v) => v.status === 'violation')).toBe(true);
    expect(verdicts.every((v) => v.missingEquipment.includes('HAND_COVER'))).toBe(true);
  });
});

describe('evaluatePersons on edge cases', () => {
  it('calls a person wearing a confident, covering helmet compliant', () => {
    const [verdict] = evaluatePersons([person({ HEAD: [helmet] })], requireHead);

    expect(verdict).toMatchObject({ status: 'compliant', missingEquipment: [] });
  });

  it('calls a person whose head was not detected indeterminate, not a violation', () => {
    const [verdict] = evaluatePersons([person({ FACE: [mask] })], requireHead);

    expect(verdict).toMatchObject({
      status: 'indeterminate',
      missingEquipment: [],
      uncertainEquipment: ['HEAD_COVER'],
    });
  });

  it('calls a head seen below the minimum confidence uncertain', () => {
    const [verdict] = evaluatePersons([person({ HEAD: 70 })], requireHead);

    expect(verdict?.status).toBe('indeterminate');
  });

  it('calls a confidently seen head with no helmet a violation naming HEAD_COVER', () => {
    const [verdict] = evaluatePersons([person({ HEAD: [] })], requireHead);

    expect(verdict).toMatchObject({ status: 'violation', missingEquipment: ['HEAD_COVER'] });
  });

  it('calls a helmet whose coverage confidence is below the minimum uncertain', () => {
    const weak = { ...helmet, coversConf: 60 };
    const [verdict] = evaluatePersons([person({ HEAD: [weak] })], requireHead);

    expect(verdict).toMatchObject({ status: 'indeterminate', uncertainEquipment: ['HEAD_COVER'] });
  });

  it('calls a confident helmet that does not cover the head (CoversBodyPart false) a violation', () => {
    const carried = { ...helmet, covers: false };
    const [verdict] = evaluatePersons([person({ HEAD: [carried] })], requireHead);

    expect(verdict).toMatchObject({ status: 'violation', missingEquipment: ['HEAD_COVER'] });
  });

  it('calls a helmet detected below the minimum confidence uncertain', () => {
    const faint = { ...helmet, confidence: 60 };
    const [verdict] = evaluatePersons([person({ HEAD: [faint] })], requireHead);

    expect(verdict?.status).toBe('indeterminate');
  });

  it('calls one bare hand a violation even when the other hand is unseen', () => {
    const [verdict] = evaluatePersons([person({ LEFT_HAND: [] })], requireHands);

    expect(verdict).toMatchObject({ status: 'violation', missingEquipment: ['HAND_COVER'] });
  });

  it('calls one gloved hand with the other unseen indeterminate', () => {
    const [verdict] = evaluatePersons([person({ LEFT_HAND: [glove] })], requireHands);

    expect(verdict).toMatchObject({ status: 'indeterminate', uncertainEquipment: ['HAND_COVER'] });
  });

  it('calls two gloved hands compliant', () => {
    const [verdict] = evaluatePersons(
      [person({ LEFT_HAND: [glove], RIGHT_HAND: [glove] })],
      requireHands,
    );

    expect(verdict?.status).toBe('compliant');
  });

  it('calls a person detected below the minimum confidence indeterminate, even when bare', () => {
    const [verdict] = evaluatePersons([person({ HEAD: [] }, 60)], requireHead);

    expect(verdict?.status).toBe('indeterminate');
  });

  it('lets a definite miss win over another type being uncertain', () => {
    const [verdict] = evaluatePersons([person({ HEAD: [] })], {
      requiredEquipment: ['FACE_COVER', 'HEAD_COVER'],
      minConfidence: 80,
    });

    expect(verdict).toMatchObject({
      status: 'violation',
      missingEquipment: ['HEAD_COVER'],
      uncertainEquipment: ['FACE_COVER'],
    });
  });

  it('treats a minimum confidence below 50 as 50, as Rekognition does', () => {
    const faint = { ...helmet, confidence: 55, coversConf: 55 };
    const [verdict] = evaluatePersons([person({ HEAD: [faint] })], {
      requiredEquipment: ['HEAD_COVER'],
      minConfidence: 10,
    });

    expect(verdict?.status).toBe('compliant');
  });
});
