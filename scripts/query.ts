import { runQueryCli } from '../analytics/query-cli.js';

// npm run query -- NAME [--from ISO --to ISO] [--athena --stack-name X] (see analytics/query-cli.ts).
process.exitCode = await runQueryCli(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  env: process.env,
});
