import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { DeadLetter } from './ingest-queue.js';

/** A queue message as the journal keeps it: what SQS keeps of a message across receives. */
export interface JournalMessage {
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
}

/** What the journal held when it was opened. */
export interface JournalContents {
  messages: JournalMessage[];
  deadLetters: DeadLetter[];
}

/**
 * Where the ingest queue keeps its messages so that a crash loses none. Every call returns only
 * once the change is on disk, so a sent message counts as accepted only when it would survive.
 */
export interface QueueJournal {
  load(): JournalContents;
  /** Writes a message, new or with its receive count raised. */
  save(message: JournalMessage): void;
  /** Forgets a message after its batch succeeded (SQS DeleteMessage). */
  remove(messageId: string): void;
  /** Moves a message to the dead-letter list. */
  deadLetter(letter: DeadLetter): void;
}

/** Flushes a directory's entries (a rename) to disk; a no-op where directories cannot be opened. */
function syncDirectory(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw error;
  } finally {
    closeSync(fd);
  }
}

/** Writes a file whole or not at all: a temporary file, fsync'd, renamed over the target. */
export function writeDurably(directory: string, name: string, value: unknown): void {
  const temporary = join(directory, `.${name}.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, JSON.stringify(value));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, join(directory, name));
  syncDirectory(directory);
}

function readAll<T>(directory: string): T[] {
  const values: T[] = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    // A temporary file is a write that a crash interrupted before its rename: never accepted.
    if (name.startsWith('.') && name.endsWith('.tmp')) {
      rmSync(path, { force: true });
      continue;
    }
    if (!name.endsWith('.json')) continue;
    try {
      values.push(JSON.parse(readFileSync(path, 'utf8')) as T);
    } catch (error) {
      throw new Error(
        `${path} is not a queue message (${(error as Error).message}): move it out of the data directory and start again.`,
      );
    }
  }
  return values;
}

/**
 * A journal of one file per message under `directory` (`messages/<id>.json`, and
 * `dead-letters/<id>.json` once dead-lettered), each written by an fsync'd atomic rename.
 */
export function openDirectoryJournal(directory: string): QueueJournal {
  const messages = join(directory, 'messages');
  const deadLetters = join(directory, 'dead-letters');
  mkdirSync(messages, { recursive: true });
  mkdirSync(deadLetters, { recursive: true });
  const fileOf = (messageId: string) => `${messageId}.json`;
  // Not flushed: a removal lost to a power cut only delivers the message again, which the claim
  // of its frame absorbs (SQS is at-least-once too).
  const remove = (messageId: string) => rmSync(join(messages, fileOf(messageId)), { force: true });

  return {
    load() {
      const byAge = (a: { sentAt: number | string }, b: { sentAt: number | string }) =>
        new Date(a.sentAt).getTime() - new Date(b.sentAt).getTime();
      return {
        messages: readAll<JournalMessage>(messages).sort(byAge),
        deadLetters: readAll<DeadLetter>(deadLetters).sort(byAge),
      };
    },
    save(message) {
      writeDurably(messages, fileOf(message.messageId), message);
    },
    remove,
    deadLetter(letter) {
      writeDurably(deadLetters, fileOf(letter.messageId), letter);
      remove(letter.messageId);
    },
  };
}
