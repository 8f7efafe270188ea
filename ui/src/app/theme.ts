// `ui.theme` → the `data-theme` attribute the stylesheet keys on. "system" follows the
// OS colour scheme and its "more contrast" preference.
export const THEMES = ['system', 'light', 'dark', 'high-contrast'] as const;
export type Theme = (typeof THEMES)[number];

export function resolveTheme(setting: string, prefersDark: boolean, prefersMoreContrast: boolean): Exclude<Theme, 'system'> {
  if (setting === 'light' || setting === 'dark' || setting === 'high-contrast') return setting;
  if (prefersMoreContrast) return 'high-contrast';
  return prefersDark ? 'dark' : 'light';
}

export function applyTheme(setting: string): void {
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  const more = window.matchMedia('(prefers-contrast: more)').matches;
  document.documentElement.dataset.theme = resolveTheme(setting, dark, more);
}
