import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer: built once, loaded by Electron and served by the PBX as the web softphone. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One chunk is intended (a softphone loads everything at once); `npm run bench` tracks size.
    chunkSizeWarningLimit: 1024,
  },
});
