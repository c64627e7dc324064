import { describe, expect, it } from 'vitest';
import {
  type CustomLabel,
  customLabelsMinConfidence,
  judgeCustomEquipment,
  personForBox,
} from '../../lambda/domain/custom-equipment.js';
import type { RekognitionPerson } from '../../lambda/domain/evaluate-persons.js';
import { GOGGLES, HIGH_VIS_VEST, VEST_MODEL } from '../support/custom-equipment.js';

const person = (Left: number, Top: number, Width: number, Height: number): RekognitionPerson => ({
  Confidence: 99,
  BoundingBox: { Left, Top, Width, Height },
});
const label = (Name: string, Confidence: number, Left: number, Top: number): CustomLabel => ({
  Name,
  Confidence,
  Geometry: { BoundingBox: { Left, Top, Width: 0.1, Height: 0.1 } },
});
const vestsOn = (persons: RekognitionPerson[], labels: CustomLabel[]) =>
  judgeCustomEquipment(
    persons,
    ['HIGH_VIS_VEST'],
    [HIGH_VIS_VEST],
    [{ projectVersionArn: VEST_MODEL, labels }],
  ).map((judgement) => judgement.verdicts.get('HIGH_VIS_VEST'));

describe('which person a label box goes to', () => {
  // A worker at the back (large box) with one in front (small box, inside it).
  const back = person(0.1, 0.1, 0.6, 0.8);
  const front = person(0.3, 0.3, 0.2, 0.5);

  it('gives a box inside two person boxes to the smaller one', () => {
    expect(personForBox([back, front], { Left: 0.35, Top: 0.4, Width: 0.1, Height: 0.1 })).toBe(1);
    expect(personForBox([front, back], { Left: 0.35, Top: 0.4, Width: 0.1, Height: 0.1 })).toBe(0);
  });

  it('goes by the centre: a box that only overlaps the smaller person goes to the larger', () => {
    expect(personForBox([back, front], { Left: 0.12, Top: 0.4, Width: 0.2, Height: 0.1 })).toBe(0);
  });

  it('leaves a box outside every person unassigned', () => {
    expect(personForBox([back, front], { Left: 0.8, Top: 0.9, Width: 0.1, Height: 0.05 })).toBe(-1);
  });

  it('leaves a label without a box (an image-level label) unassigned', () => {
    expect(personForBox([back], undefined)).toBe(-1);
  });
});

describe('judging a custom type per person', () => {
  const left = person(0, 0, 0.4, 1);
  const right = person(0.5, 0, 0.4, 1);

  it('covers a person given a box of one of its labels at minConfidence or more', () => {
    expect(vestsOn([left, right], [label('hi-vis-jacket', 80, 0.1, 0.4)])).toEqual([
      'covered',
      'missing',
    ]);
  });

  it('leaves a person uncertain when only a box below minConfidence was given to them', () => {
    expect(vestsOn([left, right], [label('vest', 79.9, 0.6, 0.4)])).toEqual([
      'missing',
      'uncertain',
    ]);
  });

  it('takes the best of two labels of one type on one person', () => {
    expect(
      vestsOn([left], [label('vest', 60, 0.1, 0.2), label('hi-vis-jacket', 95, 0.1, 0.5)]),
    ).toEqual(['covered']);
    expect(vestsOn([left], [label('vest', 95, 0.1, 0.2), label('vest', 60, 0.1, 0.5)])).toEqual([
      'covered',
    ]);
  });

  it('counts a box outside every person for no one', () => {
    expect(vestsOn([left, right], [label('vest', 99, 0.41, 0.4)])).toEqual(['missing', 'missing']);
  });

  it("ignores labels that are not the type's", () => {
    expect(vestsOn([left], [label('cone', 99, 0.1, 0.4)])).toEqual(['missing']);
  });

  it('records the boxes given to each person, weak ones included', () => {
    const [judgement] = judgeCustomEquipment(
      [left],
      ['HIGH_VIS_VEST'],
      [HIGH_VIS_VEST],
      [{ projectVersionArn: VEST_MODEL, labels: [label('vest', 61, 0.1, 0.2)] }],
    );

    expect(judgement?.labels).toEqual([
      {
        type: 'HIGH_VIS_VEST',
        name: 'vest',
        confidence: 61,
        box: { Left: 0.1, Top: 0.2, Width: 0.1, Height: 0.1 },
      },
    ]);
  });

  it('makes a type whose model is not running uncertain for everyone, the others judged', () => {
    const judgements = judgeCustomEquipment(
      [left, right],
      ['HIGH_VIS_VEST', 'GOGGLES'],
      [HIGH_VIS_VEST, GOGGLES],
      [
        { projectVersionArn: VEST_MODEL, notRunning: true, message: 'not deployed' },
        { projectVersionArn: GOGGLES.projectVersionArn, labels: [label('goggles', 90, 0.1, 0.1)] },
      ],
    );

    expect(judgements.map((j) => Object.fromEntries(j.verdicts))).toEqual([
      { HIGH_VIS_VEST: 'uncertain', GOGGLES: 'covered' },
      { HIGH_VIS_VEST: 'uncertain', GOGGLES: 'missing' },
    ]);
  });
});

describe('the MinConfidence sent to DetectCustomLabels', () => {
  it('asks for boxes down to 50, so that weaker ones make the type uncertain', () => {
    expect(customLabelsMinConfidence([HIGH_VIS_VEST])).toBe(50);
  });

  it('goes lower when a type covers below 50', () => {
    expect(customLabelsMinConfidence([HIGH_VIS_VEST, { ...GOGGLES, minConfidence: 30 }])).toBe(30);
  });
});
