import { describe, expect, it } from 'vitest';
import { MockShell, createMockTransport } from '../../src/lib/transport/mock';
import { SettingsStore } from '../../src/lib/stores/settings.svelte';
import { StatusStore } from '../../src/lib/stores/status.svelte';
import type { Setting } from '../../src/bindings/Setting';
import { resolveTheme } from '../../src/app/theme';
import { parseRoute } from '../../src/app/router.svelte';

function store(shell: MockShell) {
  const transport = createMockTransport(shell);
  return new SettingsStore({
    settingsGet: () => transport.invoke<Setting[]>('settings_get'),
    settingsSet: (key, value) => transport.invoke<Setting>('settings_set', { key, value }),
  });
}

describe('settings store', () => {
  it('loads values and their source', async () => {
    const s = store(new MockShell({ scenario: 'ready' }));
    await s.load();
    expect(s.string('ui.theme', 'x')).toBe('system');
    expect(s.get('notifications.sound')?.locked).toBe(true);
  });

  it('takes the value the shell confirms', async () => {
    const s = store(new MockShell());
    await s.load();
    expect(await s.set('ui.theme', 'dark')).toBeNull();
    expect(s.get('ui.theme')).toMatchObject({ value: 'dark', source: 'user' });
    expect(await s.set('notifications.enabled', false)).toBeNull();
    expect(s.boolean('notifications.enabled', true)).toBe(false);
  });

  it('keeps a locked value and returns the error', async () => {
    const s = store(new MockShell({ scenario: 'ready' }));
    await s.load();
    const error = await s.set('notifications.sound', true);
    expect(error?.code).toBe('setting_locked');
    expect(s.boolean('notifications.sound', true)).toBe(false);
  });
});

describe('status store', () => {
  it('keeps the latest state per module and account', () => {
    const st = new StatusStore();
    st.apply({ module: 'mail', account: 'work', kind: { type: 'progress', done: 3 as unknown as bigint, total: 10 as unknown as bigint } });
    st.apply({ module: 'calendar', account: 'work', kind: { type: 'idle' } });
    st.apply({ module: 'mail', account: 'work', kind: { type: 'progress', done: 10 as unknown as bigint, total: 10 as unknown as bigint } });
    expect(st.entries).toEqual([
      { module: 'mail', account: 'work', state: { type: 'idle' } },
      { module: 'calendar', account: 'work', state: { type: 'idle' } },
    ]);
  });

  it('shows bodies downloading and search indexing after the headers, then up to date', () => {
    const st = new StatusStore();
    const n = (x: number) => x as unknown as bigint;
    st.apply({ module: 'mail', account: 'work', kind: { type: 'progress', done: n(100), total: n(100) } });
    st.apply({ module: 'mail', account: 'work', kind: { type: 'changed' } });
    st.apply({ module: 'mail', account: 'work', kind: { type: 'downloading', done: n(30), total: n(100) } });
    expect(st.entries[0]!.state).toEqual({ type: 'downloading', done: 30, total: 100 });
    st.apply({ module: 'mail', account: 'work', kind: { type: 'indexing', done: n(40), total: n(100) } });
    expect(st.entries[0]!.state).toEqual({ type: 'indexing', done: 40, total: 100 });
    st.apply({ module: 'mail', account: 'work', kind: { type: 'indexing', done: n(100), total: n(100) } });
    expect(st.entries[0]!.state).toEqual({ type: 'idle' });
  });
});

describe('theme and routes', () => {
  it('resolves the system theme from OS preferences', () => {
    expect(resolveTheme('system', true, false)).toBe('dark');
    expect(resolveTheme('system', false, true)).toBe('high-contrast');
    expect(resolveTheme('light', true, true)).toBe('light');
  });

  it('parses hash routes', () => {
    expect(parseRoute('#/settings/theme')).toEqual({ view: 'settings', section: 'theme' });
    expect(parseRoute('#/settings/nonsense')).toEqual({ view: 'settings', section: 'accounts' });
    expect(parseRoute('#/mail')).toEqual({ view: 'module', id: 'mail' });
    expect(parseRoute('')).toBeNull();
  });
});
