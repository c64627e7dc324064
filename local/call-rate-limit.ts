/** Decides whether one more call fits in a quota. */
export interface CallRateLimit {
  /** Takes one call from the quota; false when the quota is used up (the call is throttled). */
  tryTake(): boolean;
}

/**
 * A token bucket of `callsPerSecond` calls, refilled continuously, holding at most one second's
 * worth: how a per-account TPS quota such as Rekognition's behaves. Undefined means no quota.
 */
export function makeCallRateLimit(
  callsPerSecond: number | undefined,
  now: () => number = Date.now,
): CallRateLimit {
  if (callsPerSecond === undefined) return { tryTake: () => true };
  if (!(callsPerSecond >= 0)) throw new Error('callsPerSecond must be a number, 0 or more');
  // 0 throttles every call; any other rate lets at least one call through at a time.
  const capacity = callsPerSecond === 0 ? 0 : Math.max(callsPerSecond, 1);
  let tokens = capacity;
  let refilledAt = now();
  return {
    tryTake() {
      const at = now();
      tokens = Math.min(capacity, tokens + ((at - refilledAt) / 1000) * callsPerSecond);
      refilledAt = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
