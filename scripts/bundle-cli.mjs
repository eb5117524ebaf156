// Bundles the CLI into one file, dist/cli/flopscope.js (`npm run build` runs this after tsc): a
// cold `flopscope report` then loads one file instead of a hundred-odd modules. The library stays
// as tsc emits it (typed ESM in dist/src). Dependencies a command loads on demand (jiti, ts-morph,
// mathjs, protobufjs, onnxruntime, cli-table3, cli-progress) stay outside the bundle; the small
// ones every start would otherwise load as separate files are inside it.
//
// The bundle is CommonJS so that bin/flopscope.js can hand V8 the code it compiled on an earlier
// run (a code cache; Node 22 does this itself for any module, Node 20 only through vm.Script).
// For the same reason it has no import(): a script compiled from a code cache cannot use it on
// Node 20, so dependencies are require()d (they all ship CommonJS builds).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const inside = new Set(['commander', 'jsonc-parser', '@jridgewell/sourcemap-codec']);
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})].filter((name) => !inside.has(name));

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

// The mathjs the formula check loads (src/whatif/mathjs-lite.ts), tree-shaken from mathjs's ES
// modules into one file: in place of tsc's output for the library, and beside the CLI bundle.
await build({ ...common, entryPoints: ['src/whatif/mathjs-lite.ts'], outfile: 'dist/src/whatif/mathjs-lite.js', format: 'esm', minify: true });
await build({ ...common, entryPoints: ['src/whatif/mathjs-lite.ts'], outfile: 'dist/cli/mathjs-lite.js', format: 'cjs', minify: true });

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/flopscope.js',
  format: 'cjs',
  external,
  // Prefer a package's ES module build (jsonc-parser's UMD one hides its requires from the bundler).
  mainFields: ['module', 'main'],
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__flopscopeModuleUrl' },
  // Strict mode first (a directive must open the file), as the ES modules it was bundled from are.
  banner: { js: "'use strict';\nconst __flopscopeModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The files in dist/cli are CommonJS, whatever the package's own type.
mkdirSync('dist/cli', { recursive: true });
writeFileSync('dist/cli/package.json', '{ "type": "commonjs" }\n');
