import type { ApiError } from '../api/client.js';
import { useApi } from '../api/context.js';

/** What to paste to send a first frame, shown wherever there is nothing to show yet. */
export function FirstFrameHint() {
  const { config } = useApi();
  const line =
    `(printf '{"cameraId":"cam-01","location":"plant-3/line-2","requiredEquipment":["HAND_COVER"],"image":"'; ` +
    `base64 < local/samples/ppe-group.jpg | tr -d '\\n'; printf '"}') | ` +
    `curl -s ${config.apiUrl}/frames -H 'Content-Type: application/json' --data-binary @-`;
  return (
    <div class="hint">
      <p>
        Send a first frame: from the repository, post the bundled sample (four workers without
        gloves) to the API, or open <a href="/live">Live check</a> to send your camera's picture.
      </p>
      <pre>{line}</pre>
    </div>
  );
}

/** An empty state: what is missing and how to send a first frame. */
export function Empty(props: { what: string }) {
  return (
    <section class="empty" aria-label="Nothing yet">
      <h2>{props.what}</h2>
      <FirstFrameHint />
    </section>
  );
}

/** A failed load in words: a route the API does not serve yet is said plainly. */
export function Failure(props: { error: ApiError; route: string }) {
  const missing = props.error.status === 404 && props.error.code === 'NOT_FOUND';
  return (
    <div class="failure" role="alert">
      {missing
        ? `This API does not serve ${props.route} yet.`
        : props.error.code === 'FORBIDDEN'
          ? props.error.message
          : `${props.route} failed: ${props.error.message}`}
      {props.error.code === 'SIGNED_OUT' ? (
        <button type="button" onClick={() => window.location.reload()}>
          Sign in again
        </button>
      ) : null}
    </div>
  );
}

/** A loading line that screen readers announce politely. */
export function Loading() {
  return (
    <p class="loading" aria-live="polite">
      Loading…
    </p>
  );
}
