import { describe, expect, it } from 'vitest';
import { personLabel } from '../../console/src/logic/labels.js';

describe("a person box's label", () => {
  it('names custom equipment in words, as the built-in types are', () => {
    expect(
      personLabel({
        personId: 2,
        status: 'violation',
        missingEquipment: ['HEAD_COVER', 'HIGH_VIS_VEST'],
        uncertainEquipment: ['GOGGLES'],
      }),
    ).toBe('Person 2: violation, missing head cover and high vis vest, not verified goggles');
  });
});
