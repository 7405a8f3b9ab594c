/** esbuild bundles imported stylesheets into the page's CSS file (tools/build-web.mjs). */
declare module '*.css';
