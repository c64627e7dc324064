import { describe, expect, it } from 'vitest';
import { withCors } from '../../lambda/handlers/cors.js';
import { getFrameEvent, usePipeline } from '../support/pipeline.js';

const ctx = usePipeline();
const CONSOLE = 'https://console.example.com';

const fromOrigin = (origin: string) => {
  const event = getFrameEvent('k-00000000000000000000000000000000');
  return { ...event, headers: { origin } };
};

describe("the API functions' CORS headers", () => {
  it("put the console's origin on an error answer to the console", async () => {
    const handler = withCors(ctx.pipeline.getFrame, [CONSOLE]);

    const response = await handler(fromOrigin(CONSOLE));

    expect(response.statusCode).toBe(404);
    expect(response.headers).toMatchObject({
      'Access-Control-Allow-Origin': CONSOLE,
      Vary: 'Origin',
    });
  });

  it('give another origin none', async () => {
    const handler = withCors(ctx.pipeline.getFrame, [CONSOLE]);

    const response = await handler(fromOrigin('https://evil.example.com'));

    expect(response.headers).not.toHaveProperty('Access-Control-Allow-Origin');
  });
});
