/**
 * The page's files, read once at start-up: static/dashboard/ (shipped in the
 * package beside dist/) and uPlot from node_modules (no CDN, no network).
 *
 * With a dashboard token every request needs it, the page's own script and CSS
 * included, so index.html holds a small inline loader that appends the
 * `?token=` of the page's address to the asset URLs; the server never writes
 * the token into anything it serves. The loader is allowed by its hash in the
 * Content-Security-Policy, so no other inline script can run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** This file is dist/src/dashboard/static-files.js: the package root is three levels up. */
const STATIC_DIR = fileURLToPath(new URL('../../../static/dashboard/', import.meta.url));

/** URL path → file. */
export function loadStaticFiles(): Map<string, StaticFile> {
  const require = createRequire(import.meta.url);
  const read = (path: string): Buffer => readFileSync(path);
  const index = read(STATIC_DIR + 'index.html');
  const files = new Map<string, StaticFile>([
    ['/', { body: index, contentType: 'text/html; charset=utf-8' }],
    ['/app.js', { body: read(STATIC_DIR + 'app.js'), contentType: 'text/javascript; charset=utf-8' }],
    ['/app.css', { body: read(STATIC_DIR + 'app.css'), contentType: 'text/css; charset=utf-8' }],
    ['/vendor/uplot.js', { body: read(require.resolve('uplot/dist/uPlot.iife.min.js')), contentType: 'text/javascript; charset=utf-8' }],
    ['/vendor/uplot.css', { body: read(require.resolve('uplot/dist/uPlot.min.css')), contentType: 'text/css; charset=utf-8' }],
  ]);
  files.set('/index.html', files.get('/')!);
  return files;
}

/** The Content-Security-Policy of the page: own origin only, plus the inline loader by hash. */
export function contentSecurityPolicy(indexHtml: Buffer): string {
  const m = /<script>([\s\S]*?)<\/script>/.exec(indexHtml.toString('utf8'));
  const hash = m ? `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'` : '';
  return `default-src 'self'; script-src 'self' ${hash}; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}
