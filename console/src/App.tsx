import { useApi } from './api/context.js';
import type { SignedOut } from './auth/sign-in.js';
import type { RuntimeConfig } from './config.js';
import { Link, usePlace } from './router.js';
import { CamerasView } from './views/CamerasView.js';
import { ComplianceView } from './views/ComplianceView.js';
import { FrameView } from './views/FrameView.js';
import { LiveView } from './views/LiveView.js';
import { ViolationsView } from './views/ViolationsView.js';

const NAV = [
  ['/cameras', 'Cameras', 'read'],
  ['/violations', 'Violations', 'read'],
  ['/compliance', 'Compliance', 'read'],
  ['/live', 'Live check', 'live'],
] as const;

/** What a view needs: the camera group's live check, or reading. */
function refusal(path: string): 'read' | 'live' {
  return path === '/live' ? 'live' : 'read';
}

function NotAllowed(props: { need: 'read' | 'live'; group: string | undefined }) {
  const who = props.group ? `You are in the ${props.group} group` : 'Your user is in no group';
  return (
    <p role="alert" class="not-allowed">
      {props.need === 'live'
        ? `${who}: the live check sends frames as a camera, which only the camera group's role may do (POST /frames).`
        : `${who}: viewing frames and violations needs the viewer, reviewer or auditor group. Ask an administrator to add you to one.`}
    </p>
  );
}

function View(props: { path: string; search: string }) {
  const { permissions } = useApi();
  if (props.path === '/' && !permissions.canRead && permissions.canLive) return <LiveView />;
  const need = refusal(props.path);
  const allowed = need === 'live' ? permissions.canLive : permissions.canRead;
  if (!allowed) return <NotAllowed need={need} group={permissions.group} />;
  const frame = /^\/frames\/([^/]+)$/.exec(props.path);
  if (frame?.[1]) return <FrameView frameId={decodeURIComponent(frame[1])} />;
  switch (props.path) {
    case '/':
    case '/cameras':
      return <CamerasView />;
    case '/violations':
      return <ViolationsView search={props.search} />;
    case '/compliance':
      return <ComplianceView search={props.search} />;
    case '/live':
      return <LiveView />;
    default:
      return (
        <p role="alert">
          No page at {props.path}. <Link href="/cameras">Cameras</Link>
        </p>
      );
  }
}

/** The page before sign-in: what the console is, why the last sign-in failed, a sign-in button. */
export function SignInPage(props: { signedOut: SignedOut }) {
  return (
    <main id="main" class="sign-in">
      <h1>PPE review console</h1>
      {props.signedOut.problem ? <p role="alert">{props.signedOut.problem}</p> : null}
      <p>Sign in with the account an administrator created for you.</p>
      <button
        type="button"
        onClick={() =>
          void props.signedOut.signIn(`${window.location.pathname}${window.location.search}`)
        }
      >
        Sign in
      </button>
    </main>
  );
}

/** Who is signed in, their group, and the sign-out button. */
function UserBar(props: { name: string; signOut: () => void }) {
  const { permissions } = useApi();
  return (
    <section class="user" aria-label="Signed in">
      <span data-testid="signed-in-user">{props.name}</span>{' '}
      <span class="group" data-testid="signed-in-group">
        {permissions.group ?? 'no group'}
      </span>{' '}
      <button type="button" onClick={props.signOut}>
        Sign out
      </button>
    </section>
  );
}

/** The console: the banner for a runtime without sign-in or the signed-in user, the navigation, and the view. */
export function App(props: {
  config: RuntimeConfig;
  user?: { name: string; signOut: () => void };
}) {
  const place = usePlace();
  const { permissions } = useApi();
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      {props.config.auth === 'none' ? (
        <div class="banner" role="note" aria-label="Runtime">
          Local runtime: no sign-in. Anyone who can open this page can review frames. API{' '}
          {props.config.apiUrl}
        </div>
      ) : null}
      <header>
        <nav aria-label="Views">
          <span class="brand">PPE review</span>
          {NAV.filter(([, , need]) =>
            need === 'live' ? permissions.canLive : permissions.canRead,
          ).map(([href, label]) => (
            <Link
              key={href}
              href={href}
              aria-current={
                place.path === href || (href === '/cameras' && place.path === '/')
                  ? 'page'
                  : undefined
              }
            >
              {label}
            </Link>
          ))}
        </nav>
        {props.user ? <UserBar name={props.user.name} signOut={props.user.signOut} /> : null}
      </header>
      <main id="main" tabIndex={-1}>
        <View path={place.path} search={place.search} />
      </main>
    </>
  );
}
