import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { useApi } from '../api/context.js';
import type { FrameResult } from '../api/contracts.js';
import { useLoad } from '../api/use-load.js';
import { Boxes } from '../components/Boxes.js';
import { Failure, Loading } from '../components/states.js';
import { personLabel } from '../logic/labels.js';
import { Link } from '../router.js';

/** The picture behind the boxes: the blurred image, or a neutral placeholder when none is kept. */
function Picture(props: { frameId: string; frame: FrameResult }) {
  const { api } = useApi();
  const [image] = useLoad(`image:${props.frameId}`, () => api.frameImage(props.frameId));
  const [failed, setFailed] = useState(false);
  if (image.state === 'loading') return <Loading />;
  const usable = image.state === 'done' && image.value.variant === 'blurred' && !failed;
  const noImage =
    image.state === 'failed' && image.error.status === 404
      ? 'No image kept for this frame: the boxes are drawn on a blank picture.'
      : image.state === 'failed' && image.error.code === 'BLUR_UNAVAILABLE'
        ? 'No blurred copy can be made for this frame, so no image is shown.'
        : image.state === 'failed'
          ? `The image could not be loaded: ${image.error.message}`
          : failed
            ? 'The image link expired or failed to load: reload the page.'
            : undefined;
  const ratio = image.state === 'done' ? `${image.value.width} / ${image.value.height}` : '16 / 9';
  return (
    <div class="frame-figure">
      <div class="picture" style={{ aspectRatio: ratio }} data-testid="frame-picture">
        {usable && image.state === 'done' ? (
          <img
            src={image.value.url}
            alt={`Frame ${props.frameId}, faces blurred`}
            width={image.value.width}
            height={image.value.height}
            onError={() => setFailed(true)}
          />
        ) : (
          <div class="placeholder" role="img" aria-label="No image: blank picture" />
        )}
        <Boxes persons={props.frame.persons} />
      </div>
      {noImage ? <p role="status">{noImage}</p> : null}
    </div>
  );
}

/** `/frames/<frameId>`: a frame's picture with a box per person, and the persons in a list. */
export function FrameView(props: { frameId: string }) {
  const { api } = useApi();
  const [frame] = useLoad(`frame:${props.frameId}`, () => api.frame(props.frameId));
  if (frame.state === 'loading') return <Loading />;
  if (frame.state === 'failed') {
    if (frame.error instanceof ApiError && frame.error.status === 404) {
      return (
        <p role="alert">
          No frame {props.frameId}: it may have expired. <Link href="/violations">Violations</Link>
        </p>
      );
    }
    return <Failure error={frame.error} route={`GET /frames/${props.frameId}`} />;
  }
  const stored = frame.value;
  return (
    <section aria-labelledby="frame-title">
      <h1 id="frame-title">
        Frame <code>{stored.frameId}</code>
      </h1>
      <p class="meta">
        {stored.cameraId}
        {stored.location ? ` · ${stored.location}` : ''} · {stored.capturedAt} ·{' '}
        <span class={`status status-${stored.status}`}>{stored.status}</span>
      </p>
      {'rejection' in stored ? (
        <p role="status">
          Not analysed ({stored.rejection.reason}): {stored.rejection.message}
        </p>
      ) : (
        <>
          <Picture frameId={props.frameId} frame={stored} />
          <h2>Persons</h2>
          {stored.persons.length === 0 ? (
            <p>No one in view.</p>
          ) : (
            <ul class="persons">
              {stored.persons.map((person) => (
                <li key={person.personId} class={`status-${person.status}`}>
                  {personLabel(person)} ({person.confidence.toFixed(1)}%)
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
