import { describe, expect, it } from 'vitest';
import { decodeS3Key } from '../../lambda/handlers/s3-ingest.js';
import { encodeS3EventKey, makeSequencer, toS3Notification } from '../../local/s3-notification.js';

describe('S3 notifications from s3rver events', () => {
  it.each([
    ['incoming/cam-01/frame.jpg', 'incoming/cam-01/frame.jpg'],
    ['incoming/gate 7/a b.jpg', 'incoming/gate+7/a+b.jpg'],
    ['incoming/cam/1+1=2 (copy).jpg', 'incoming/cam/1%2B1%3D2+%28copy%29.jpg'],
    ['incoming/cam/café.jpg', 'incoming/cam/caf%C3%A9.jpg'],
  ])('encodes the key %s as S3 does, and the handler decodes it back', (key, encoded) => {
    expect(encodeS3EventKey(key)).toBe(encoded);
    expect(decodeS3Key(encodeS3EventKey(key))).toBe(key);
  });

  it('makes sequencers that grow with every event', () => {
    const next = makeSequencer(() => 1_700_000_000_000);

    const [first, second] = [next(), next()];

    expect(second > (first ?? '')).toBe(true);
  });

  it('builds the record S3 puts in the queue message, with the eTag and size', () => {
    const event = toS3Notification(
      {
        eventName: 'ObjectCreated:Put',
        eventTime: '2026-11-27T09:00:00.000Z',
        s3: {
          bucket: { name: 'ppe-ingest' },
          object: { key: 'incoming/a b.jpg', size: 42, eTag: 'abc' },
        },
      },
      { region: 'eu-west-1', sequencer: '0A' },
    );

    expect(event.Records[0]).toMatchObject({
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventName: 'ObjectCreated:Put',
      s3: {
        bucket: { name: 'ppe-ingest', arn: 'arn:aws:s3:::ppe-ingest' },
        object: { key: 'incoming/a+b.jpg', size: 42, eTag: 'abc', sequencer: '0A' },
      },
    });
  });
});
