import type { ApiError } from '../api/client.js';
import { useApi } from '../api/context.js';
import { firstFrameCommand } from '../logic/first-frame.js';

/**
 * What to paste to send a first frame, shown wherever there is nothing to show yet. Locally the
 * API takes unsigned calls; in the cloud the call is SigV4-signed (curl's `--aws-sigv4`) with the
 * credentials of a principal that has the stack's camera policy.
 */
export function FirstFrameHint() {
  const { config, permissions } = useApi();
  const line = firstFrameCommand(config);
  return (
    <div class="hint">
      <p>
        Send a first frame: from the repository, post the bundled sample (four workers without
        gloves) to the API
        {config.auth === 'cognito'
          ? ", with the AWS credentials of a principal that has the stack's camera policy (the CameraPolicyArn output)"
          : ''}
        {permissions.canLive ? (
          <>
            , or open <a href="/live">Live check</a> to send your camera's picture
          </>
        ) : null}
        .
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
