import { PublishCommand } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { makeDynamoDbDigestLedger } from '../../lambda/adapters/dynamodb-digest-ledger.js';
import { digestOf } from '../../lambda/domain/digest-message.js';
import type { FrameResult } from '../../lambda/domain/frame-result.js';
import { fixtureImage } from '../support/fixtures.js';
import { postFrameEvent, testPolicies, usePipeline } from '../support/pipeline.js';

const fiveMinutes = { ...testPolicies, default: { ...testPolicies.default, cooldownSeconds: 300 } };
const ctx = usePipeline({
  policies: fiveMinutes,
  arrange: (pipeline) => {
    pipeline.sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  },
});

const image = fixtureImage.toString('base64');
const day = '2026-11-27T';

/** Stores a violating frame (all four workers lack gloves) and hands it to the alert use case. */
async function violation(cameraId: string, time: string, location = 'dock') {
  const response = await ctx.pipeline.apiIngest(
    postFrameEvent({
      image,
      cameraId,
      location,
      capturedAt: `${day}${time}Z`,
      requiredEquipment: ['HAND_COVER'],
    }),
  );
  const frame = JSON.parse(response.body) as FrameResult;
  await ctx.pipeline.publishAlert(frame);
  return frame.frameId;
}

/** Runs the digest use case as its schedule would at `time` on the same day. */
function digestAt(time: string) {
  ctx.pipeline.clock.now = Date.parse(`${day}${time}Z`);
  return ctx.pipeline.sendDigests();
}

/** What SNS was given for one camera, oldest first: the JSON contract and its attributes. */
const publishedFor = (cameraId: string) =>
  ctx.pipeline.sns
    .commandCalls(PublishCommand)
    .map((call) => {
      const input = call.args[0].input;
      const byProtocol = JSON.parse(input.Message ?? '{}');
      return {
        body: JSON.parse(byProtocol.default),
        email: byProtocol.email as string,
        sms: byProtocol.sms as string,
        subject: input.Subject,
        attributes: input.MessageAttributes,
      };
    })
    .filter((message) => message.body.cameraId === cameraId);
const digestsFor = (cameraId: string) =>
  publishedFor(cameraId).filter((message) => message.body.type === 'PPE_VIOLATION_DIGEST');

describe('sending the digests of ended cooldowns', () => {
  it('reports what a cooldown held back when no alert came after it, within a minute of its end', async () => {
    await violation('cam-d1', '09:00:00');
    await violation('cam-d1', '09:01:00');
    const last = await violation('cam-d1', '09:02:00');

    await digestAt('09:04:59');
    expect(digestsFor('cam-d1')).toEqual([]);
    await digestAt('09:05:30');

    const digests = digestsFor('cam-d1');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.body).toEqual({
      type: 'PPE_VIOLATION_DIGEST',
      cameraId: 'cam-d1',
      location: 'dock',
      frames: 2,
      violations: 8,
      missingEquipment: ['HAND_COVER'],
      violationsByEquipment: { HAND_COVER: 8 },
      since: `${day}09:01:00.000Z`,
      until: `${day}09:02:00.000Z`,
      cooldownEndedAt: `${day}09:05:00.000Z`,
      lastFrameId: last,
    });
    expect(digests[0]?.attributes).toEqual({
      eventType: { DataType: 'String', StringValue: 'PPE_VIOLATION_DIGEST' },
      cameraId: { DataType: 'String', StringValue: 'cam-d1' },
      location: { DataType: 'String', StringValue: 'dock' },
      missingEquipment: { DataType: 'String.Array', StringValue: '["HAND_COVER"]' },
    });
    expect(digests[0]?.subject).toBe('PPE digest at cam-d1 (dock): 8 held back without hand cover');
  });

  it('gives e-mail and SMS subscribers the digest as plain text', async () => {
    await violation('cam-d2', '09:00:00');
    const last = await violation('cam-d2', '09:01:00');

    await digestAt('09:06:00');

    const [digest] = digestsFor('cam-d2');
    expect(digest?.email).toContain('PPE violations held back at cam-d2 (dock)');
    expect(digest?.email).toContain('held back 4 violations in 1 frame');
    expect(digest?.email).toContain('  - hand cover: 4 persons');
    expect(digest?.email).toContain(`Latest frame: ${last}`);
    expect(digest?.sms).toBe(
      `PPE digest: 4 held back without hand cover at cam-d2 (dock) since 2026-11-27 09:01 UTC. Frame ${last}`,
    );
  });

  it('reports the held frames once, however often it runs', async () => {
    await violation('cam-d3', '09:00:00');
    await violation('cam-d3', '09:01:00');

    await digestAt('09:05:10');
    await digestAt('09:06:10');
    await violation('cam-d3', '09:12:00');

    expect(digestsFor('cam-d3')).toHaveLength(1);
    // The next alert does not report again what the digest reported.
    expect(publishedFor('cam-d3').at(-1)?.body).toMatchObject({
      type: 'PPE_VIOLATION',
      heldBack: { frames: 0, violations: 0 },
    });
  });

  it('sends nothing when the next alert already reported what was held back', async () => {
    await violation('cam-d4', '09:00:00');
    await violation('cam-d4', '09:01:00');
    await violation('cam-d4', '09:06:00');

    await digestAt('09:06:30');
    await digestAt('09:12:00');

    expect(digestsFor('cam-d4')).toEqual([]);
    expect(publishedFor('cam-d4').at(-1)?.body.heldBack).toEqual({ frames: 1, violations: 4 });
  });

  it('still sends the digest when SNS fails at first, and only once', async () => {
    await violation('cam-d5', '09:00:00');
    await violation('cam-d5', '09:01:00');
    let failures = 1;
    ctx.pipeline.sns.on(PublishCommand).callsFake(async () => {
      if (failures-- > 0) {
        throw Object.assign(new Error('SNS is down'), { name: 'InternalErrorException' });
      }
      return { MessageId: 'message-2' };
    });

    const failed = await digestAt('09:05:10');
    await digestAt('09:06:10');
    await digestAt('09:07:10');

    // The attempt SNS refused, and the one it took; none after that.
    expect(failed.failures).toEqual([{ cameraId: 'cam-d5', error: expect.any(Error) }]);
    const digests = digestsFor('cam-d5');
    expect(digests).toHaveLength(2);
    expect(digests[1]?.body).toEqual(digests[0]?.body);
    expect(digests[1]?.body).toMatchObject({ frames: 1, violations: 4 });
  });

  it('reports a late frame held after a digest in a digest of its own', async () => {
    await violation('cam-d6', '09:00:00');
    await violation('cam-d6', '09:01:00');
    await digestAt('09:05:10');

    await violation('cam-d6', '09:03:00');
    await digestAt('09:06:10');

    const digests = digestsFor('cam-d6');
    expect(digests.map((digest) => digest.body.frames)).toEqual([1, 1]);
    expect(digests[1]?.body.since).toBe(`${day}09:03:00.000Z`);
  });

  it('leaves held frames to an alert that reported them while the digest was deciding', async () => {
    await violation('cam-d7', '09:00:00');
    await violation('cam-d7', '09:01:00');
    const ledger = makeDynamoDbDigestLedger(ctx.table.client, ctx.table.tableName);
    const marker = (await ledger.due(`${day}09:05:10.000Z`)).find(
      (item) => item.kind === 'marker' && item.cameraId === 'cam-d7',
    );
    const seen = await ledger.cameraState('cam-d7');

    await violation('cam-d7', '09:05:05'); // an alert after the cooldown reports the held frame
    const claimed =
      marker?.kind === 'marker' && seen
        ? await ledger.claim(marker, seen, digestOf('cam-d7', seen) as never)
        : 'no marker';
    await digestAt('09:06:00');

    expect(claimed).toBeUndefined();
    expect(digestsFor('cam-d7')).toEqual([]);
    expect(publishedFor('cam-d7').at(-1)?.body.heldBack).toEqual({ frames: 1, violations: 4 });
  });
});
