import { useEffect, useState } from 'preact/hooks';

/** A page of the task list, taken from the location hash such as `#/tasks/2251799813685255`. */
export type Route =
  | { page: 'inbox' }
  | { page: 'task'; key: string }
  | { page: 'dashboard' }
  | { page: 'outbox' }
  | { page: 'new-outgoing' }
  | { page: 'receive-incoming' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const task = /^\/tasks\/([^/]+)$/.exec(path);
  if (task) return { page: 'task', key: decodeURIComponent(task[1]!) };
  if (path === '/dashboard') return { page: 'dashboard' };
  if (path === '/outbox') return { page: 'outbox' };
  if (path === '/documents/new') return { page: 'new-outgoing' };
  if (path === '/documents/incoming') return { page: 'receive-incoming' };
  return { page: 'inbox' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'task':
      return `#/tasks/${encodeURIComponent(route.key)}`;
    case 'dashboard':
      return '#/dashboard';
    case 'outbox':
      return '#/outbox';
    case 'new-outgoing':
      return '#/documents/new';
    case 'receive-incoming':
      return '#/documents/incoming';
    default:
      return '#/';
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
