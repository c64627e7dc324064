import type { RuntimeConfig } from './config.js';
import { Link, usePlace } from './router.js';
import { CamerasView } from './views/CamerasView.js';
import { ComplianceView } from './views/ComplianceView.js';
import { FrameView } from './views/FrameView.js';
import { LiveView } from './views/LiveView.js';
import { ViolationsView } from './views/ViolationsView.js';

const NAV = [
  ['/cameras', 'Cameras'],
  ['/violations', 'Violations'],
  ['/compliance', 'Compliance'],
  ['/live', 'Live check'],
] as const;

function View(props: { path: string; search: string }) {
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

/** The console: the banner for a runtime without sign-in, the navigation, and the view. */
export function App(props: { config: RuntimeConfig }) {
  const place = usePlace();
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
          {NAV.map(([href, label]) => (
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
      </header>
      <main id="main" tabIndex={-1}>
        <View path={place.path} search={place.search} />
      </main>
    </>
  );
}
