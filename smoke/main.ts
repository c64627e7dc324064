import { runSmoke } from './cli.js';

// The SDK's notice about Node 20 would only clutter the step lines.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let cleanUp: (() => Promise<void>) | undefined;
const interrupted = () => {
  const pending = cleanUp;
  cleanUp = undefined;
  // A second signal while cleaning up exits at once.
  if (!pending) process.exit(130);
  pending().finally(() => process.exit(130));
};
process.on('SIGINT', interrupted);
process.on('SIGTERM', interrupted);

runSmoke(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  onInterrupt: (action) => {
    cleanUp = action;
  },
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`smoke: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
