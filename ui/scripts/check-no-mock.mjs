// The shipped bundle must not contain the mock transport. The marker is a string the
// mock module uses at run time; the test build must contain it (so this check can
// fail), the production build must not.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const marker = readFileSync(join(root, 'src/lib/transport/mock.ts'), 'utf8').match(/MOCK_MARKER = '([^']+)'/)?.[1];
if (!marker) throw new Error('MOCK_MARKER not found in src/lib/transport/mock.ts');

function files(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}
function containing(dir, needle) {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: run the builds first`);
  return files(dir).filter((f) => readFileSync(f, 'latin1').includes(needle));
}

let failed = false;
const leaked = [...containing(join(root, 'dist'), marker), ...containing(join(root, 'dist'), 'werkbankMock')];
if (leaked.length) {
  console.error(`FAIL: the production bundle contains the mock transport: ${leaked.join(', ')}`);
  failed = true;
}
if (containing(join(root, 'dist-test'), marker).length === 0) {
  console.error('FAIL: the test build lacks the mock marker; this check would not notice a leak');
  failed = true;
}
// CSP: no inline scripts in the shipped index.html.
const html = readFileSync(join(root, 'dist/index.html'), 'utf8');
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]) || m[2].trim());
if (inline.length) {
  console.error('FAIL: dist/index.html has inline scripts, which the CSP forbids');
  failed = true;
}
if (/\bstyle="/.test(html) || /<style\b/.test(html)) {
  console.error('FAIL: dist/index.html has inline styles');
  failed = true;
}
if (failed) process.exit(1);
console.log('ok: dist/ has no mock transport and no inline scripts; dist-test/ has the mock');
