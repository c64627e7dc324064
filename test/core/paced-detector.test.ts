import { describe, expect, it } from 'vitest';
import { makeCallPacer, type PacerClock, pacedDetector } from '../../lambda/core/paced-detector.js';
import type { Detector } from '../../lambda/core/ports.js';

/** A clock that moves only when a caller sleeps or the test advances it. */
function fakeClock(): PacerClock & { advance(ms: number): void } {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

const requirement = { requiredEquipment: ['FACE_COVER' as const], minConfidence: 80 };
const image = { s3: { bucket: 'b', key: 'incoming/cam/a.jpg' } };

describe('makeCallPacer', () => {
  it('lets the first call start at once and spaces the next ones at the rate', async () => {
    const clock = fakeClock();
    const pacer = makeCallPacer(2.5, clock);
    const starts: number[] = [];

    for (let call = 0; call < 3; call++) {
      await pacer.wait();
      starts.push(clock.now());
    }

    expect(starts).toEqual([0, 400, 800]);
  });

  it('does not save idle time up for a burst', async () => {
    const clock = fakeClock();
    const pacer = makeCallPacer(2, clock);
    await pacer.wait();
    clock.advance(10_000);

    await pacer.wait();
    const afterIdle = clock.now();
    await pacer.wait();

    expect(clock.now() - afterIdle).toBe(500);
  });

  it('gives concurrent callers consecutive slots', async () => {
    const slept: number[] = [];
    const pacer = makeCallPacer(4, {
      now: () => 0,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });

    await Promise.all([pacer.wait(), pacer.wait(), pacer.wait()]);

    expect(slept).toEqual([250, 500]);
  });

  it('refuses a rate of 0', () => {
    expect(() => makeCallPacer(0)).toThrow('callsPerSecond must be above 0');
  });
});

describe('pacedDetector', () => {
  it('waits for its slot before each detector call and passes the answer through', async () => {
    const events: string[] = [];
    const detector: Detector = {
      detect: async () => {
        events.push('detect');
        return { Persons: [] };
      },
    };
    const paced = pacedDetector(detector, {
      wait: async () => {
        events.push('wait');
      },
    });

    const response = await paced.detect(image, requirement);

    expect(events).toEqual(['wait', 'detect']);
    expect(response).toEqual({ Persons: [] });
  });
});
