import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './client.js';

/** A load's state: loading, its value, or the error it ended in. */
export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'done'; value: T }
  | { state: 'failed'; error: ApiError };

/** Runs `load` whenever `key` changes; `reload` runs it again (after a review, say). */
export function useLoad<T>(key: string, load: () => Promise<T>): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setLoaded({ state: 'done', value }),
      (error: unknown) =>
        current &&
        setLoaded({
          state: 'failed',
          error: error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String(error)),
        }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  return [loaded, () => setRound((value) => value + 1)];
}
