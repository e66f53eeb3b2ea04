import { defineConfig } from 'vite';

// The web app lives in web/; `vite build` writes dist/web, which express serves in `npm start`.
export default defineConfig({
  root: 'web',
  publicDir: 'public',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // Production builds carry no source maps unless asked (NORTHSTAR_SOURCEMAP=1, e.g. to debug a build).
    sourcemap: process.env.NORTHSTAR_SOURCEMAP === '1' || process.env.NORTHSTAR_SOURCEMAP === 'true',
    chunkSizeWarningLimit: 900,
  },
  server: { port: 5173 },
});
