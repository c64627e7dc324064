import { parseInvocation, USAGE, UsageError } from './args.js';
import { checkCommand, EXIT, type Io, runCommand, videoCommand } from './commands.js';
import { makeLog } from './log.js';
import { SourceError } from './source.js';

/** Runs `ppe-agent` with these arguments and resolves to its exit code (DESIGN.md's). */
export async function main(
  argv: string[],
  write: { stdout: (text: string) => void; stderr: (text: string) => void } = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  },
): Promise<number> {
  const json = argv.includes('--json');
  const io: Io = {
    log: makeLog(json, (line) => write.stderr(`${line}\n`)),
    out: (line) => write.stdout(`${line}\n`),
    json,
  };
  try {
    const invocation = parseInvocation(argv);
    if (invocation === 'help') {
      write.stdout(`${USAGE}\n`);
      return EXIT.done;
    }
    if (invocation.command === 'video') return await videoCommand(invocation, io);
    if (invocation.command === 'check') return await checkCommand(invocation, io);
    return await runCommand(invocation, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.log('error', `ppe-agent: ${error.message}`, { event: 'usage', exitCode: EXIT.usage });
      return EXIT.usage;
    }
    if (error instanceof SourceError) {
      io.log('error', `ppe-agent: ${error.message}`, {
        event: 'source',
        url: error.url,
        exitCode: EXIT.source,
      });
      return EXIT.source;
    }
    throw error;
  }
}
