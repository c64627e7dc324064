/** One line of the agent's log: text for people, or JSON (`--json`) for log shippers. */
export type Log = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

/** A logger writing to stderr, as text or JSON lines. */
export function makeLog(
  json: boolean,
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Log {
  return (level, message, fields = {}) => {
    const time = new Date().toISOString();
    if (json) {
      write(JSON.stringify({ time, level, message, ...fields }));
      return;
    }
    const camera = typeof fields.cameraId === 'string' ? ` [${fields.cameraId}]` : '';
    write(`${time} ${level.toUpperCase()}${camera} ${message}`);
  };
}
