import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { round } from './stats.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
/** The V8 CPU profile format that `node --cpu-prof` writes (times in microseconds). */
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Who a stack frame's time belongs to. */
export type Owner =
  | 'our code (lambda/)'
  | 'AWS SDK (@aws-sdk, @smithy and their deps)'
  | 'Powertools'
  | 'zod'
  | 'benchmark harness and floor'
  | 'garbage collector'
  | 'V8/Node, no JS caller';

/** Self time grouped by owner, and the functions with the most self time. */
export interface ProfileSummary {
  file: string;
  sampledMs: number;
  byOwner: { owner: Owner; ms: number; share: number }[];
  topSelf: { function: string; location: string; owner: Owner; ms: number; share: number }[];
  /** Our functions by inclusive time (with everything they call, SDK calls included). */
  ourInclusive: { function: string; location: string; ms: number; share: number }[];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SDK_DEPS =
  /node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws|tslib|fast-xml-parser|strnum|bowser)\//;

function ownerOfUrl(url: string): Owner | undefined {
  if (url.includes('/node_modules/')) {
    if (SDK_DEPS.test(url)) return 'AWS SDK (@aws-sdk, @smithy and their deps)';
    if (url.includes('/@aws-lambda-powertools/')) return 'Powertools';
    if (url.includes('/node_modules/zod/')) return 'zod';
    return undefined;
  }
  if (url.includes('/lambda/')) return 'our code (lambda/)';
  if (url.includes('/bench/')) return 'benchmark harness and floor';
  return undefined;
}

/** The line of a function in our TypeScript source (the profile has transpiled positions). */
function sourceLine(path: string, name: string, fallback: number): string {
  if (!name) return `${fallback + 1}~`;
  const lines = readFileSync(path, 'utf8').split('\n');
  const declaration = new RegExp(
    `(function\\s+${name}\\b|\\b${name}\\s*[:=]\\s*(async\\s*)?(\\(|function|\\w+\\s*=>)|^\\s*(async\\s+)?${name}\\s*\\()`,
  );
  const index = lines.findIndex((line) => declaration.test(line));
  return index >= 0 ? String(index + 1) : `${fallback + 1}~`;
}

function location({ url, functionName, lineNumber }: CallFrame): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return url;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const relative = path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
  if (relative.startsWith('lambda/') || relative.startsWith('bench/')) {
    return `${relative}:${sourceLine(path, functionName, lineNumber)}`;
  }
  return `${relative}:${lineNumber + 1}`;
}

const frameName = (frame: CallFrame) => frame.functionName || '(anonymous)';

/**
 * Summarises a `--cpu-prof` profile over a window of the monotonic clock (the timed loop):
 * native and Node-internal frames count for the nearest JavaScript caller that has an owner, so
 * that "our code" includes the regular expressions, hashing and decoding it asks for.
 */
export function summariseProfile(
  file: string,
  window: { start: number; end: number },
  top = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const ownerMemo = new Map<number, Owner>();
  const ownerOf = (id: number): Owner => {
    const known = ownerMemo.get(id);
    if (known) return known;
    const frame = byId.get(id)?.callFrame;
    const up = parent.get(id);
    const owner =
      frame?.functionName === '(garbage collector)'
        ? 'garbage collector'
        : (ownerOfUrl(frame?.url ?? '') ??
          (up === undefined ? 'V8/Node, no JS caller' : ownerOf(up)));
    ownerMemo.set(id, owner);
    return owner;
  };

  // Native and Node-internal frames are named with the nearest caller that has an owner.
  const callerOf = (id: number): CallFrame | undefined => {
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame && ownerOfUrl(frame.url)) return frame;
    }
    return undefined;
  };
  const owners = new Map<Owner, number>();
  const self = new Map<
    string,
    { frame: CallFrame; caller?: CallFrame; owner: Owner; us: number }
  >();
  const inclusive = new Map<string, { frame: CallFrame; us: number }>();
  let total = 0;
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index] ?? 0;
    const us = profile.timeDeltas[index + 1] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (time < window.start || time > window.end || !frame || frame.functionName === '(idle)')
      return;
    total += us;
    const owner = ownerOf(id);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const caller = ownerOfUrl(frame.url) ? undefined : callerOf(id);
    const key = `${frame.functionName}@${frame.url}:${frame.lineNumber}<${caller?.url}:${caller?.lineNumber}`;
    const entry = self.get(key) ?? { frame, ...(caller ? { caller } : {}), owner, us: 0 };
    entry.us += us;
    self.set(key, entry);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const ancestor = byId.get(at)?.callFrame;
      if (!ancestor || ownerOfUrl(ancestor.url) !== 'our code (lambda/)') continue;
      const ancestorKey = `${ancestor.functionName}@${ancestor.url}:${ancestor.lineNumber}`;
      if (seen.has(ancestorKey)) continue;
      seen.add(ancestorKey);
      const sum = inclusive.get(ancestorKey) ?? { frame: ancestor, us: 0 };
      sum.us += us;
      inclusive.set(ancestorKey, sum);
    }
  });
  const ms = (us: number) => round(us / 1000);
  const share = (us: number) => round((100 * us) / total);
  return {
    file,
    sampledMs: ms(total),
    byOwner: [...owners]
      .sort((a, b) => b[1] - a[1])
      .map(([owner, us]) => ({ owner, ms: ms(us), share: share(us) })),
    topSelf: [...self.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(({ frame, caller, owner, us }) => ({
        function: frameName(frame),
        location: caller
          ? `${location(frame)}, called by ${frameName(caller)} (${location(caller)})`
          : location(frame),
        owner,
        ms: ms(us),
        share: share(us),
      })),
    ourInclusive: [...inclusive.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(({ frame, us }) => ({
        function: frameName(frame),
        location: location(frame),
        ms: ms(us),
        share: share(us),
      })),
  };
}
