// Bundles the CLI into one ES module, dist/cli/flopscope.js (`npm run build` runs this after tsc):
// a cold `flopscope report` then loads one file instead of a hundred-odd modules. The library
// stays as tsc emits it (typed ESM in dist/src). Dependencies a command loads on demand (jiti,
// ts-morph, mathjs, protobufjs, onnxruntime, cli-table3, cli-progress) stay outside the bundle;
// the small ones every start would otherwise load as separate files are inside it.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const inside = new Set(['commander', 'jsonc-parser', '@jridgewell/sourcemap-codec']);
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})].filter((name) => !inside.has(name));

const common = { bundle: true, format: 'esm', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

// The mathjs the formula check loads (src/whatif/mathjs-lite.ts), tree-shaken from mathjs's ES
// modules into one file: beside the CLI bundle, and in place of tsc's output for the library.
for (const outfile of ['dist/cli/mathjs-lite.js', 'dist/src/whatif/mathjs-lite.js']) {
  await build({ ...common, entryPoints: ['src/whatif/mathjs-lite.ts'], outfile, minify: true });
}

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/flopscope.js',
  external,
  // Prefer a package's ES module build (jsonc-parser's UMD one hides its requires from the bundler).
  mainFields: ['module', 'main'],
  // commander and jsonc-parser are CommonJS: their `require` of node built-ins needs a require.
  banner: { js: "import { createRequire as __flopscopeCreateRequire } from 'node:module'; const require = __flopscopeCreateRequire(import.meta.url);" },
});
