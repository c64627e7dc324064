import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const CHANGE = 'console:navigate';

/** The address the views render from: path and query string. */
export interface Place {
  path: string;
  search: string;
}

const here = (): Place => ({ path: window.location.pathname, search: window.location.search });

/** Goes to an address in the app without a page load; `replace` keeps history short for filters. */
export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current address, updated on navigation and on the browser's back and forward. */
export function usePlace(): Place {
  const [place, setPlace] = useState(here);
  useEffect(() => {
    const update = () => setPlace(here());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return place;
}

/** A link inside the app: a real `<a href>` (open in a new tab works) that navigates in place. */
export function Link(props: {
  href: string;
  children: ComponentChildren;
  'aria-current'?: 'page' | undefined;
}) {
  const { href, children } = props;
  return (
    <a
      href={href}
      aria-current={props['aria-current']}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
