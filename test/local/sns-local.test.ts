import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnsAlertPublisher } from '../../lambda/adapters/sns-alert-publisher.js';
import { buildAlertMessage } from '../../lambda/domain/alert-message.js';
import { buildFrameResult } from '../../lambda/domain/frame-result.js';
import { type LocalSns, startLocalSns } from '../../local/sns-local.js';
import { fixtureRecording } from '../support/fixtures.js';

const topicArn = 'arn:aws:sns:us-east-1:000000000000:ppe-alerts';
let sns: LocalSns;
let client: SNSClient;

beforeAll(async () => {
  sns = await startLocalSns(topicArn);
  client = new SNSClient({
    endpoint: sns.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  client.destroy();
  await sns.close();
});

const publish = (input: { Message: string; Subject?: string; MessageStructure?: string }) =>
  client.send(new PublishCommand({ TopicArn: topicArn, ...input }));

/** The fixture frame with every worker lacking gloves, at the given camera and location. */
function violationAt(cameraId: string, location: string) {
  return buildFrameResult(
    {
      frameId: 'f-1',
      cameraId,
      location,
      capturedAt: '2026-11-27T09:00:00.000Z',
      source: 'api',
      requiredEquipment: ['HAND_COVER'],
      minConfidence: 80,
      policy: 'default',
    },
    { ...fixtureRecording.response, Summary: undefined },
    false,
  ).result;
}

describe('the SNS stand-in', () => {
  it('refuses a subject of 100 characters, as SNS does (fewer than 100)', async () => {
    await expect(publish({ Message: 'x', Subject: 'S'.repeat(100) })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Subject',
    });
    await expect(publish({ Message: 'x', Subject: 'S'.repeat(99) })).resolves.toMatchObject({
      MessageId: expect.any(String),
    });
  });

  it.each([
    ['a line break', 'PPE alert\nat gate'],
    ['a control character', 'PPE alert\u0007'],
    ['non-ASCII text', 'PPE alert at Süd'],
    ['a leading space', ' PPE alert'],
    ['nothing', ''],
  ])('refuses a subject with %s', async (_what, subject) => {
    await expect(publish({ Message: 'x', Subject: subject })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Subject',
    });
  });
});

describe('alerts published to the SNS stand-in', () => {
  const publisher = () => makeSnsAlertPublisher(client, topicArn);

  it('are accepted with a 64-character camera id and a 256-character location', async () => {
    const result = violationAt('c'.repeat(64), `plant-3/${'l'.repeat(248)}`);

    await expect(publisher().publish(buildAlertMessage(result))).resolves.toEqual(
      expect.any(String),
    );
    expect(sns.alerts().at(-1)?.subject).toMatch(/^PPE alert at c+.*: 4 without hand cover$/);
  });

  it('are accepted whatever characters the location holds', async () => {
    const result = violationAt('cam-01', 'Baustelle Süd/Tor 3 — Ost\n\t📷 工場');

    await expect(publisher().publish(buildAlertMessage(result))).resolves.toEqual(
      expect.any(String),
    );
    expect(sns.alerts().at(-1)?.subject).toBe(
      'PPE alert at cam-01 (Baustelle Sud/Tor 3 ? Ost ? ??): 4 without hand cover',
    );
  });
});
