import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The three scenes of the agent benchmark, each 60 s of 1080p at 15 fps. */
export const SCENES = {
  static: 'static scene: sensor noise, slow light drift',
  person: 'the same, a person crossing from 20 s to 35 s',
  lights: 'the same, the lights switching on at 30 s',
} as const;
export type Scene = keyof typeof SCENES;

/** When the change happens in each scene, in seconds. */
export const CHANGE_AT: Record<Scene, number | undefined> = {
  static: undefined,
  person: 20,
  lights: 30,
};

/**
 * Generates a scene with ffmpeg's lavfi sources, encoded as a camera would (H.264 at 4 Mbit/s,
 * a key frame every 2 s): a still textured scene (one frame of a test pattern, blurred, low
 * contrast) with temporal sensor noise and light drifting by 4% over the minute; a 220x560
 * "person" (a hi-vis top, dark trousers) crossing; a brightness step. Kept in `dir` between runs.
 */
export function makeScene(dir: string, scene: Scene): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${scene}-1080p15-60s.mp4`);
  if (existsSync(path)) return path;
  const still = join(dir, 'scene.png');
  if (!existsSync(still)) {
    const made = spawnSync(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=1920x1080:rate=1',
        '-frames:v',
        '1',
        '-vf',
        'boxblur=6,eq=contrast=0.5',
        still,
      ],
      { encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(`ffmpeg could not make ${still}: ${made.stderr}`);
  }
  const lights = scene === 'lights' ? '+if(gte(t,30),0.3,0)' : '';
  const background = `[0]format=yuv420p,eq=brightness='-0.15+0.04*t/60${lights}':eval=frame,noise=alls=8:allf=t[bg]`;
  const person =
    scene === 'person'
      ? ";[1][2]vstack[p];[bg][p]overlay=x='if(between(t,20,35),(t-20)/15*(main_w+220)-220,-400)':y=380[out]"
      : '';
  const args = [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-loop', '1', '-framerate', '15', '-t', '60', '-i', still],
    // The person: a hi-vis top over dark trousers.
    ...['-f', 'lavfi', '-i', 'color=c=0xd8e030:size=220x240:rate=15:duration=60'],
    ...['-f', 'lavfi', '-i', 'color=c=0x202838:size=220x320:rate=15:duration=60'],
    ...['-filter_complex', background + person, '-map', person ? '[out]' : '[bg]'],
    ...[
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-b:v',
      '4M',
      '-maxrate',
      '4M',
      '-bufsize',
      '8M',
      '-g',
      '30',
    ],
    ...['-pix_fmt', 'yuv420p', path],
  ];
  const run = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ffmpeg could not make ${path}: ${run.stderr}`);
  return path;
}
