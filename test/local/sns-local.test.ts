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

describe('the SNS stand-in with MessageStructure=json', () => {
  it.each([
    [
      'a Message without a default entry',
      '{"email":"hello"}',
      'No default entry in JSON message body',
    ],
    [
      'a default entry that is not a string',
      '{"default":{"a":1}}',
      'No default entry in JSON message body',
    ],
    ['a Message that is not JSON', 'PPE alert', 'JSON message body failed to parse'],
    ['a Message that is a JSON array', '["default"]', 'JSON message body failed to parse'],
  ])('refuses %s with the error SNS answers', async (_what, message, reason) => {
    await expect(publish({ Message: message, MessageStructure: 'json' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: `Invalid parameter: Message Structure - ${reason}`,
    });
  });

  it('gives e-mail and SMS their own entries, and every other protocol the default', async () => {
    await publish({
      Message: JSON.stringify({ default: '{"type":"PPE_VIOLATION"}', email: 'Dear safety team' }),
      MessageStructure: 'json',
    });

    expect(sns.alerts().at(-1)).toMatchObject({
      message: { type: 'PPE_VIOLATION' },
      emailText: 'Dear safety team',
      smsText: '{"type":"PPE_VIOLATION"}',
    });
  });

  it('refuses a Message over 256 KB', async () => {
    const message = JSON.stringify({ default: 'x'.repeat(262_144) });

    await expect(publish({ Message: message, MessageStructure: 'json' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
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

  it('list the JSON contract as the message, and the texts e-mail and SMS subscribers get', async () => {
    await publisher().publish(buildAlertMessage(violationAt('cam-01', 'plant-3/line-2')));

    const alert = sns.alerts().at(-1);
    expect(alert?.message).toMatchObject({
      type: 'PPE_VIOLATION',
      frameId: 'f-1',
      personsTotal: 4,
    });
    expect(alert?.emailText).toContain('PPE violation at cam-01 (plant-3/line-2)');
    expect(alert?.smsText).toBe(
      'PPE: 4 without hand cover at cam-01 (plant-3/line-2), 2026-11-27 09:00 UTC. Frame f-1',
    );
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
