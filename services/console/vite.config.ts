import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built to static files under dist/, served by the gateway at /console. Every route screen is
// its own chunk (dynamic imports in src/router.tsx); the nonce placeholder is replaced by the
// gateway per request, for the <style> element the component library writes its variables to.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  html: { cspNonce: '__CSP_NONCE__' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
