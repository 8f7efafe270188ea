import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// The transport behind `src/lib/ipc.ts` is chosen at build time: the real Tauri
// transport for every build, the in-memory mock only in `--mode test` (the Playwright
// build and Vitest). Because the choice is an alias, the mock module is never part of
// the production module graph; `scripts/check-no-mock.mjs` proves it on `dist/`.
export default defineConfig(({ mode }) => {
  const transport = mode === 'test' ? 'mock' : 'tauri';
  return {
    plugins: [svelte()],
    resolve: {
      alias: {
        $transport: fileURLToPath(new URL(`./src/lib/transport/${transport}.ts`, import.meta.url)),
      },
    },
    // Tauri serves the files itself; relative paths keep the bundle location-independent.
    base: './',
    clearScreen: false,
    server: { port: 5173, strictPort: true, fs: { allow: ['..'] } },
    build: {
      target: 'es2022',
      // No inline scripts or data: URLs: the shell's CSP is `default-src 'self'`.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      cssCodeSplit: false,
      sourcemap: false,
    },
    test: {
      include: ['tests/unit/**/*.test.ts'],
      environment: 'node',
    },
  };
});
