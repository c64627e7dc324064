#!/usr/bin/env node
// `ppe-agent`: loads the TypeScript sources through tsx, then runs the command line.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
