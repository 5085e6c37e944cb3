// Builds the partial Plotly bundle the pages load: `npm ci && npm run build` in this folder
// (see static/vendor/plotly/README.md). Settings follow plotly.js's own esbuild-config.js.
import { readFileSync, writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const version = JSON.parse(readFileSync('node_modules/plotly.js/package.json', 'utf8')).version;
const outfile = `../../static/vendor/plotly/plotly-mkviolence-${version}.min.js`;
const result = await esbuild.build({
  entryPoints: ['entry.js'],
  outfile,
  format: 'iife',
  globalName: 'Plotly',
  bundle: true,
  minify: true,
  legalComments: 'none',
  banner: { js: `/*! plotly.js ${version}, bar and scatter traces only (scripts/plotly-bundle). MIT licence: see LICENSE beside this file. */` },
  target: 'es2016',
  define: { global: 'window', 'define.amd': 'false' },
  // Style sheets of unused map traces are imported by plotly's registry; the bar and
  // scatter traces need none, so they are not written.
  loader: { '.css': 'empty' },
  write: true,
  metafile: true,
  logLevel: 'info',
});
const source = readFileSync(outfile, 'utf8');
for (const forbidden of ['new Function', 'eval(']) {
  if (source.includes(forbidden)) throw new Error(`the bundle contains ${forbidden}: the CSP would refuse it`);
}
writeFileSync('metafile.json', JSON.stringify(result.metafile));
