import { runReport } from './report/cli.js';

// The SDK's notice about Node 20 would only clutter the output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** `npm run report`: the compliance report for a period, as CSV or HTML. */
runReport(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (line) => console.error(line),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`report: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
