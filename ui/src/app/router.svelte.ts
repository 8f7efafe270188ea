// Hash routes: #/mail, #/settings/accounts, #/setup. Hash routing needs no server and
// keeps the back button working inside the webview.
export type Route =
  | { view: 'module'; id: string }
  | { view: 'settings'; section: SettingsSection }
  | { view: 'setup' };

export const SETTINGS_SECTIONS = ['accounts', 'identities', 'language', 'theme', 'notifications'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export function parseRoute(hash: string): Route | null {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [first, second] = parts;
  if (!first) return null;
  if (first === 'setup') return { view: 'setup' };
  if (first === 'settings') {
    const section = SETTINGS_SECTIONS.find((s) => s === second) ?? 'accounts';
    return { view: 'settings', section };
  }
  return { view: 'module', id: first };
}

export function href(route: Route): string {
  switch (route.view) {
    case 'module': return `#/${route.id}`;
    case 'settings': return `#/settings/${route.section}`;
    case 'setup': return '#/setup';
  }
}

export const router = $state<{ route: Route | null }>({ route: null });

export function navigate(route: Route): void {
  const target = href(route);
  if (location.hash !== target) location.hash = target;
  router.route = route;
}

export function startRouter(): () => void {
  const update = () => (router.route = parseRoute(location.hash));
  update();
  window.addEventListener('hashchange', update);
  return () => window.removeEventListener('hashchange', update);
}
