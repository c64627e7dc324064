import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.js';
import { HIGH_VIS_VEST, VEST_MODEL } from '../support/custom-equipment.js';

const contextOf =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];
const load = (values: Record<string, unknown>) => loadConfig(contextOf(values));

describe('customEquipment in the configuration', () => {
  it('accepts a custom type that policies and the stack-wide requirement may name', () => {
    const config = load({
      customEquipment: JSON.stringify([HIGH_VIS_VEST]),
      requiredEquipment: 'HEAD_COVER,HIGH_VIS_VEST',
      policies: [{ id: 'yard', locationPrefix: 'yard/', requiredEquipment: ['HIGH_VIS_VEST'] }],
    });

    expect(config.customEquipment).toEqual([HIGH_VIS_VEST]);
    expect(config.requiredEquipment).toEqual(['HEAD_COVER', 'HIGH_VIS_VEST']);
  });

  it.each([
    [
      'a type in lower case',
      [{ ...HIGH_VIS_VEST, type: 'vest' }],
      'Invalid context "customEquipment[0].type": must be 3 to 32 capital letters and "_"',
    ],
    [
      'a built-in type',
      [{ ...HIGH_VIS_VEST, type: 'HEAD_COVER' }],
      'Invalid context "customEquipment[0].type": must not be one of the built-in types FACE_COVER, HEAD_COVER, HAND_COVER',
    ],
    [
      'an ARN that is a project, not a model version',
      [
        HIGH_VIS_VEST,
        {
          ...HIGH_VIS_VEST,
          type: 'GOGGLES',
          projectVersionArn:
            'arn:aws:rekognition:us-east-1:123456789012:project/ppe-vests/1763632800000',
        },
      ],
      'Invalid context "customEquipment[1].projectVersionArn": must be the ARN of a Rekognition Custom Labels model version, arn:aws:rekognition:<region>:<account>:project/<project>/version/<version>/<timestamp>',
    ],
    [
      'an empty label list',
      [{ ...HIGH_VIS_VEST, labels: [] }],
      'Invalid context "customEquipment[0].labels": must list at least one label name of the model',
    ],
    [
      'a confidence out of range',
      [{ ...HIGH_VIS_VEST, minConfidence: 120 }],
      'Invalid context "customEquipment[0].minConfidence": must be a number from 1 to 100',
    ],
    [
      'a type defined twice',
      [HIGH_VIS_VEST, { ...HIGH_VIS_VEST }],
      'Invalid context "customEquipment[1].type": "HIGH_VIS_VEST" is defined twice',
    ],
  ])('refuses %s, naming the key', (_name, customEquipment, message) => {
    expect(() => load({ customEquipment })).toThrow(message);
  });

  it('refuses a requirement naming a type that is neither built in nor configured', () => {
    expect(() =>
      load({ customEquipment: [HIGH_VIS_VEST], requiredEquipment: 'HEAD_COVER,GOGGLES' }),
    ).toThrow(
      'Invalid context "requiredEquipment": "GOGGLES" is not an equipment type of this stack: use FACE_COVER, HEAD_COVER, HAND_COVER, HIGH_VIS_VEST',
    );
  });

  it('refuses a policy naming an unknown type, with its index', () => {
    expect(() =>
      load({
        policies: [
          { id: 'gate', cameras: ['cam-1'] },
          { id: 'yard', cameras: ['cam-2'], requiredEquipment: ['HEAD_COVER', 'HIGH_VIS_VEST'] },
        ],
      }),
    ).toThrow(
      'Invalid context "policies[1].requiredEquipment[1]": "HIGH_VIS_VEST" is not an equipment type of this stack: use FACE_COVER, HEAD_COVER, HAND_COVER',
    );
  });
});

describe('customModelSchedule in the configuration', () => {
  const schedule = { start: 'cron(0 6 ? * MON-FRI *)', stop: 'cron(0 18 ? * MON-FRI *)' };

  it('defaults the time zone to UTC and the inference units to 1', () => {
    const config = load({ customEquipment: [HIGH_VIS_VEST], customModelSchedule: schedule });

    expect(config.customModelSchedule).toEqual({
      ...schedule,
      timezone: 'UTC',
      minInferenceUnits: 1,
    });
  });

  it.each([
    [
      'a cron expression with five fields',
      { ...schedule, start: 'cron(0 6 * * 1-5)' },
      'Invalid context "customModelSchedule.start": must be an EventBridge Scheduler expression',
    ],
    [
      'a cron expression whose minutes are out of range',
      { ...schedule, start: 'cron(75 6 ? * MON-FRI *)' },
      'Invalid context "customModelSchedule.start": must be an EventBridge Scheduler expression such as cron(0 6 ? * MON-FRI *): the minutes field "75"',
    ],
    [
      'a cron expression without "?" in a day field',
      { ...schedule, stop: 'cron(0 18 * * MON-FRI *)' },
      'Invalid context "customModelSchedule.stop": must be an EventBridge Scheduler expression',
    ],
    [
      'an unknown time zone',
      { ...schedule, timezone: 'Mars/Olympus' },
      'Invalid context "customModelSchedule.timezone": must be an IANA time zone',
    ],
    [
      'no inference unit',
      { ...schedule, minInferenceUnits: 0 },
      'Invalid context "customModelSchedule.minInferenceUnits": must be a whole number from 1 to 100',
    ],
  ])('refuses %s, naming the key', (_name, customModelSchedule, message) => {
    expect(() => load({ customEquipment: [HIGH_VIS_VEST], customModelSchedule })).toThrow(message);
  });

  it('refuses a schedule without any model to start', () => {
    expect(() => load({ customModelSchedule: schedule })).toThrow(
      'Invalid context "customModelSchedule": there is no "customEquipment" model to start and stop',
    );
  });

  it('keeps the model ARN as given', () => {
    expect(load({ customEquipment: [HIGH_VIS_VEST] }).customEquipment[0]?.projectVersionArn).toBe(
      VEST_MODEL,
    );
  });
});
