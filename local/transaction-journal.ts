import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttributeMap } from './dynamodb-json-http.js';

/** An item a transaction is about to write, and what it held before (nothing: it is new). */
export interface PriorImage {
  TableName: string;
  key: AttributeMap;
  prior?: AttributeMap;
}

/**
 * Where a transaction's prior images wait while its writes are applied one by one, so that a
 * process killed half-way leaves nothing half applied: DynamoDB never shows a partial
 * transaction, and the frame commit (frame record plus hourly statistics) relies on it.
 */
export interface TransactionJournal {
  /** Saves the prior images durably before the first write; resolves to the entry's removal. */
  begin(images: readonly PriorImage[]): Promise<() => Promise<void>>;
}

/** No journal: the data lives in memory and dies with the process anyway. */
export const NO_JOURNAL: TransactionJournal = { begin: async () => async () => {} };

/**
 * Opens the journal in `directory`, first undoing every transaction a crash interrupted (its
 * items are put back as they were, newest write first) through `restore`. An entry is written to
 * a temporary file, fsync'd and renamed into place, so a crash while writing it leaves only a
 * temporary file: that transaction had not written anything yet.
 */
export async function openTransactionJournal(
  directory: string,
  restore: (image: PriorImage) => Promise<void>,
): Promise<TransactionJournal> {
  await mkdir(directory, { recursive: true });
  for (const name of (await readdir(directory)).sort()) {
    const path = join(directory, name);
    if (name.endsWith('.json')) {
      const images = JSON.parse(await readFile(path, 'utf8')) as PriorImage[];
      for (const image of images.reverse()) await restore(image);
    }
    await rm(path, { force: true });
  }
  return {
    async begin(images) {
      const path = join(directory, `${Date.now()}-${randomUUID()}.json`);
      const temporary = `${path}.tmp`;
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(JSON.stringify(images));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      return () => rm(path, { force: true });
    },
  };
}
