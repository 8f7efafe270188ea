// Every string a component shows comes from the Fluent files, in both languages.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FluentResource } from '@fluent/bundle';

const root = join(__dirname, '../..');
const src = join(root, 'src');

function files(dir: string, ext: string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bindings' ? [] : files(path, ext);
    return ext.some((e) => name.endsWith(e)) ? [path] : [];
  });
}

function ids(lang: string): Set<string> {
  const text = readFileSync(join(root, '../locales', lang, 'werkbank.ftl'), 'utf8');
  const result = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z][\w-]*)\s*=/.exec(line);
    if (m) result.add(m[1]!);
  }
  expect(new FluentResource(text).body.length).toBeGreaterThan(0);
  return result;
}

const en = ids('en');
const de = ids('de');

describe('strings', () => {
  it('both languages have the same message ids', () => {
    expect([...en].filter((id) => !de.has(id))).toEqual([]);
    expect([...de].filter((id) => !en.has(id))).toEqual([]);
  });

  it('every literal t() id used in the UI exists', () => {
    const missing: string[] = [];
    for (const file of files(src, ['.svelte', '.ts'])) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\('([a-z0-9-]+)(?:\.[a-z]+)?'/g)) if (!en.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
      // Message ids kept as data (field problems) are checked too.
      if (file.endsWith('.ts')) for (const m of text.matchAll(/'((?:setup|settings|identities)-[a-z0-9-]+)'/g)) if (!en.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('every id built from a template exists for each value', () => {
    const families: Record<string, string[]> = {
      module: ['mail', 'calendar', 'contacts', 'chat', 'files'],
      service: ['imap', 'smtp', 'caldav', 'carddav', 'matrix', 'webdav'],
      source: ['autoconfig', 'autoconfig_well_known', 'srv', 'well_known', 'dns_srv_txt', 'matrix_well_known', 'nextcloud_status'],
      notice: ['info', 'success', 'warning', 'error'],
      settings: ['accounts', 'identities', 'language', 'theme', 'notifications'],
      status: ['progress', 'downloading', 'indexing'],
    };
    for (const [prefix, values] of Object.entries(families)) {
      for (const v of values) expect(en.has(`${prefix}-${v}`), `${prefix}-${v}`).toBe(true);
    }
  });

  it('components contain no text outside t()', () => {
    const offenders: string[] = [];
    for (const file of files(src, ['.svelte'])) {
      let text = readFileSync(file, 'utf8');
      text = text.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '').replace(/<!--[\s\S]*?-->/g, '');
      // Drop {…} expressions (nested braces), then tags with their attributes.
      let prev = '';
      while (prev !== text) {
        prev = text;
        text = text.replace(/\{[^{}]*\}/g, ' ');
      }
      const attrs = [...text.matchAll(/\b(aria-label|title|placeholder|alt|label)="([^"]*)"/g)].map((m) => m[2]!).filter((v) => /[A-Za-zÄÖÜäöü]{2}/.test(v));
      text = text.replace(/<[^>]*>/g, ' ');
      const words = text.split(/\s+/).filter((w) => /[A-Za-zÄÖÜäöüß]/.test(w));
      if (words.length || attrs.length) offenders.push(`${file}: ${[...words, ...attrs].join(' ')}`);
    }
    expect(offenders).toEqual([]);
  });
});
