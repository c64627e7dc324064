import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../api/client.js';
import { useApi } from '../api/context.js';
import type { FrameResult } from '../api/contracts.js';
import { Boxes } from '../components/Boxes.js';

/** How often the live check sends a frame, as the seed's webcam demo did. */
export const LIVE_INTERVAL_MS = 2000;

async function captureJpeg(video: HTMLVideoElement, canvas: HTMLCanvasElement): Promise<string> {
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')?.drawImage(video, 0, 0);
  const url = canvas.toDataURL('image/jpeg', 0.85);
  return url.slice(url.indexOf(',') + 1);
}

/**
 * `/live`: the browser's camera sends a frame every 2 s to POST /frames and the result's boxes
 * are drawn over the live picture. A frame is skipped while the previous one is still in analysis.
 */
export function LiveView() {
  const { api } = useApi();
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [cameraId, setCameraId] = useState('browser-live');
  const [running, setRunning] = useState(false);
  const [sent, setSent] = useState(0);
  const [result, setResult] = useState<FrameResult | null>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    if (!running) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let busy = false;
    let stopped = false;
    const tick = async () => {
      const element = video.current;
      if (busy || !element || !canvas.current || element.videoWidth === 0) return;
      busy = true;
      try {
        const image = await captureJpeg(element, canvas.current);
        setSent((count) => count + 1);
        const answer = await api.analyse({ cameraId, image });
        if (!stopped) {
          setResult(answer);
          setProblem('');
        }
      } catch (error) {
        if (!stopped) setProblem((error as ApiError).message);
      } finally {
        busy = false;
      }
    };
    navigator.mediaDevices
      .getUserMedia({ video: true, audio: false })
      .then(async (media) => {
        stream = media;
        if (stopped || !video.current) return;
        video.current.srcObject = media;
        await video.current.play();
        timer = setInterval(() => void tick(), LIVE_INTERVAL_MS);
        void tick();
      })
      .catch((error: unknown) => setProblem(`The camera cannot be opened: ${String(error)}`));
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [running, cameraId, api]);

  return (
    <section aria-labelledby="live-title">
      <h1 id="live-title">Live check</h1>
      <p>
        Your browser's camera sends a frame every 2 seconds to <code>POST /frames</code>; each
        result's boxes are drawn over the picture. Frames are stored as camera{' '}
        <code>{cameraId}</code>.
      </p>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Camera id
          <input
            value={cameraId}
            disabled={running}
            pattern="[A-Za-z0-9._\-]{1,64}"
            onChange={(e) =>
              setCameraId((e.currentTarget as HTMLInputElement).value || 'browser-live')
            }
          />
        </label>
        <button type="button" onClick={() => setRunning((on) => !on)}>
          {running ? 'Stop camera' : 'Start camera'}
        </button>
      </form>
      <p role="status" data-frames-sent={sent} data-last-frame-id={result?.frameId ?? ''}>
        {running ? `Frames sent: ${sent}.` : 'Camera off.'}{' '}
        {result
          ? `Last result: ${result.status}, ${result.persons.length} person(s) (frame ${result.frameId}).`
          : ''}
      </p>
      {problem ? <p role="alert">{problem}</p> : null}
      <div class="picture live" data-testid="live-picture">
        <video ref={video} muted playsInline aria-label="Live camera picture" />
        {result ? <Boxes persons={result.persons} /> : null}
      </div>
      <canvas ref={canvas} hidden />
    </section>
  );
}
