import { DetectProtectiveEquipmentCommand } from '@aws-sdk/client-rekognition';
import { PublishCommand } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../../lambda/domain/frame-result.js';
import { fixtureImage } from '../support/fixtures.js';
import { postFrameEvent, testPolicies, usePipeline } from '../support/pipeline.js';
import { replayFixture } from '../support/replay.js';

const fiveMinutes = { ...testPolicies, default: { ...testPolicies.default, cooldownSeconds: 300 } };
const ctx = usePipeline({
  policies: fiveMinutes,
  arrange: (pipeline) => {
    pipeline.sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  },
});

const image = fixtureImage.toString('base64');
type Equipment = 'HAND_COVER' | 'FACE_COVER' | 'HEAD_COVER';

/** Stores a frame (by default all four workers lack gloves) and hands it to the use case. */
async function violation(
  cameraId: string,
  time: string,
  requiredEquipment: Equipment[] = ['HAND_COVER'],
) {
  const response = await ctx.pipeline.apiIngest(
    postFrameEvent({ image, cameraId, capturedAt: `2026-11-27T${time}Z`, requiredEquipment }),
  );
  const frame = JSON.parse(response.body) as FrameResult;
  const outcome = await ctx.pipeline.publishAlert(frame);
  return { frameId: frame.frameId, frame, outcome };
}

/** The fixture with every helmet taken off. */
function withoutHelmets(response: ReturnType<typeof replayFixture>) {
  return {
    ...response,
    Summary: undefined,
    Persons: response.Persons?.map((person) => ({
      ...person,
      BodyParts: person.BodyParts?.map((part) => ({
        ...part,
        EquipmentDetections: part.EquipmentDetections?.filter((d) => d.Type !== 'HEAD_COVER'),
      })),
    })),
  };
}

const published = () =>
  ctx.pipeline.sns.commandCalls(PublishCommand).map((call) => ({
    body: JSON.parse(JSON.parse(call.args[0].input.Message ?? '{}').default),
    subject: call.args[0].input.Subject,
  }));
const alertStateOf = async (frameId: string) =>
  (await ctx.table.scan()).find((item) => item.pk === `FRAME#${frameId}` && item.sk === 'FRAME')
    ?.alertState;

describe('deciding and publishing an alert', () => {
  it('publishes the alert of a stored violation and records it as sent', async () => {
    const first = await violation('cam-c0', '09:00:00');

    expect(first.outcome).toBe('published');
    expect(published()).toHaveLength(1);
    expect(await alertStateOf(first.frameId)).toBe('SENT');
  });

  it('has nothing to do for a frame in which everyone complies', async () => {
    const compliant = await violation('cam-c9', '09:00:00', ['FACE_COVER']);

    expect(compliant.outcome).toBe('none');
    expect(published()).toEqual([]);
  });

  it('publishes nothing more when handed a frame whose alert was sent', async () => {
    const first = await violation('cam-c10', '09:00:00');

    expect(await ctx.pipeline.publishAlert(first.frame)).toBe('none');
    expect(published()).toHaveLength(1);
  });

  it('holds back a repeated violation at the same camera within the cooldown, but stores it', async () => {
    await violation('cam-c1', '09:00:00');
    const repeat = await violation('cam-c1', '09:03:00');

    expect(repeat.outcome).toBe('held');
    expect(published()).toHaveLength(1);
    expect(await alertStateOf(repeat.frameId)).toBe('HELD');
  });

  it('reports what was held back in the next alert after the cooldown', async () => {
    await violation('cam-c2', '09:00:00');
    await violation('cam-c2', '09:01:00');
    await violation('cam-c2', '09:02:00');
    await violation('cam-c2', '09:06:00');

    const alerts = published();
    expect(alerts).toHaveLength(2);
    expect(alerts[0]?.body.heldBack).toEqual({ frames: 0, violations: 0 });
    expect(alerts[1]?.body.heldBack).toEqual({ frames: 2, violations: 8 });
    expect(alerts[1]?.subject).toBe('PPE alert at cam-c2: 4 without hand cover (+8 held back)');
  });

  it('alerts at once when a newly missing equipment type appears within the cooldown', async () => {
    await violation('cam-c3', '09:00:00', ['HAND_COVER']);
    ctx.pipeline.rekognition
      .on(DetectProtectiveEquipmentCommand)
      .callsFake((input) => withoutHelmets(replayFixture(input)));

    await violation('cam-c3', '09:01:00', ['HAND_COVER', 'HEAD_COVER']);

    const alerts = published();
    expect(alerts).toHaveLength(2);
    expect(alerts[1]?.body.violations[0].missingEquipment).toEqual(['HEAD_COVER', 'HAND_COVER']);
  });

  it('keeps each camera on its own cooldown', async () => {
    await violation('cam-c4', '09:00:00');
    await violation('cam-c5', '09:00:30');

    expect(published().map((alert) => alert.body.cameraId)).toEqual(['cam-c4', 'cam-c5']);
  });

  it('counts a held-back frame once when it is handed over again', async () => {
    await violation('cam-c6', '09:00:00');
    const repeat = await violation('cam-c6', '09:01:00');
    await ctx.pipeline.publishAlert(repeat.frame);
    await violation('cam-c6', '09:10:00');

    expect(published()[1]?.body.heldBack).toEqual({ frames: 1, violations: 4 });
  });

  it('still sends an alert whose publication failed, after it opened the cooldown', async () => {
    ctx.pipeline.sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('SNS is down'), { name: 'InternalErrorException' }))
      .resolves({ MessageId: 'message-2' });
    const response = await ctx.pipeline.apiIngest(
      postFrameEvent({
        image,
        cameraId: 'cam-c7',
        capturedAt: '2026-11-27T09:00:00Z',
        requiredEquipment: ['HAND_COVER'],
      }),
    );
    const frame = JSON.parse(response.body) as FrameResult;

    await expect(ctx.pipeline.publishAlert(frame)).rejects.toThrow('SNS is down');
    const retried = await ctx.pipeline.publishAlert(frame);

    expect(retried).toBe('published');
    expect(await alertStateOf(frame.frameId)).toBe('SENT');
    expect(ctx.pipeline.sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it('does not let a late backlog frame older than the cooldown move it backwards', async () => {
    await violation('cam-c8', '09:00:00');
    await violation('cam-c8', '08:50:00');
    const repeat = await violation('cam-c8', '09:03:00');

    expect(published().filter((alert) => alert.body.cameraId === 'cam-c8')).toHaveLength(2);
    expect(await alertStateOf(repeat.frameId)).toBe('HELD');
  });
});
