/** What happened to one camera's frames, for the summary. */
export interface CameraCounts {
  decoded: number;
  picked: { first: number; motion: number; heartbeat: number; interval: number };
  delivered: number;
  retried: number;
  refused: number;
  dropped: number;
  /** Frames a plain sampler (one every interval) would have sent over the same frames. */
  fixedSampler: number;
  /** Scene changes (lights, IR switch) that reset the background. */
  sceneChanges: number;
}

/** Zeroed counts for a new camera. */
export const newCounts = (): CameraCounts => ({
  decoded: 0,
  picked: { first: 0, motion: 0, heartbeat: 0, interval: 0 },
  delivered: 0,
  retried: 0,
  refused: 0,
  dropped: 0,
  fixedSampler: 0,
  sceneChanges: 0,
});

/** Every frame picked, whatever the reason. */
export const pickedTotal = (c: CameraCounts) =>
  c.picked.first + c.picked.motion + c.picked.heartbeat + c.picked.interval;

/** One camera's summary as a record for `--json` and as a line for people. */
export function summary(cameraId: string, c: CameraCounts, waiting: number) {
  const picked = pickedTotal(c);
  const saved = Math.max(0, c.fixedSampler - picked);
  const record = {
    cameraId,
    decoded: c.decoded,
    picked,
    pickedByMotion: c.picked.motion,
    pickedByHeartbeat: c.picked.heartbeat,
    pickedFirst: c.picked.first,
    pickedByInterval: c.picked.interval,
    delivered: c.delivered,
    retried: c.retried,
    refused: c.refused,
    dropped: c.dropped,
    waiting,
    sceneChanges: c.sceneChanges,
    callsSaved: saved,
    fixedSamplerCalls: c.fixedSampler,
  };
  const line =
    `decoded ${c.decoded}, picked ${picked} (motion ${c.picked.motion}, heartbeat ${c.picked.heartbeat}` +
    `, first ${c.picked.first}${c.picked.interval ? `, interval ${c.picked.interval}` : ''})` +
    `, delivered ${c.delivered}, retried ${c.retried}, refused ${c.refused}, dropped ${c.dropped}` +
    `, waiting ${waiting}; ${saved} calls saved against a frame every interval (${c.fixedSampler})`;
  return { record, line };
}
