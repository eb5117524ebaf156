// Class 9, a consumer install: `npm pack` the package, install the tarball into a fresh project
// offline (every dependency from npm's cache, pinned by this repository's lock file, as on a
// machine that ran `npm ci` here), then run the CLI and the README's library snippet from ESM
// and from CommonJS. onnxruntime-node is left out, as npm leaves it out when its install script
// cannot run: validate and profile then run the reference backend with one note.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';
import { requireBuild } from '../budget-helpers.js';
import { writeDevice } from '../helpers/device.js';

interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [k: string]: unknown;
}

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string; license: string; bin: Record<string, string>; engines: Record<string, string>; dependencies: Record<string, string> };
const repoLock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

/** A folder with no node_modules above it, so nothing resolves outside the consumer project. */
function cleanBase(): string {
  for (const base of [tmpdir(), '/var/tmp', homedir()]) {
    let clean = existsSync(base);
    for (let d = base; clean; d = dirname(d)) {
      if (existsSync(join(d, 'node_modules'))) clean = false;
      if (dirname(d) === d) break;
    }
    if (clean) return base;
  }
  throw new Error('no folder without a node_modules above it for the consumer project');
}

/**
 * The consumer's lock file: flopscope from the tarball, and the closure of its dependencies as
 * this repository's lock pins them (optional ones of those included, onnxruntime-node left out).
 */
function consumerLock(tarball: string, integrity: string, registry: string): object {
  const packages: Record<string, LockEntry> = {
    '': { version: '1.0.0', dependencies: { flopscope: `file:${tarball}` } },
    'node_modules/flopscope': { version: pkg.version, resolved: `file:${tarball}`, integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  // Node's lookup: the nearest node_modules/<name> from the requiring package upward.
  const resolveFrom = (from: string, name: string): string | undefined => {
    for (let dir = from; ; ) {
      const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (repoLock.packages[key] && key !== 'node_modules/flopscope') return key;
      if (!dir) return undefined;
      const i = dir.lastIndexOf('/node_modules/');
      dir = i < 0 ? '' : dir.slice(0, i);
    }
  };
  const pending = Object.keys(pkg.dependencies).map((n) => resolveFrom('', n));
  for (let key = pending.pop(); pending.length || key; key = pending.pop()) {
    if (!key || packages[key]) continue;
    const entry = repoLock.packages[key];
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[key] = { ...entry, resolved: entry.resolved ?? `${registry}${name}/-/${name.split('/').pop()}-${entry.version}.tgz` };
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) pending.push(resolveFrom(key, dep));
  }
  return { name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

/** The README's library snippet (the code block that uses zooArchitecture), printing the params. */
function readmeSnippet(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes("zooArchitecture('se_resnet50')"));
  if (!block) throw new Error("README has no library snippet with zooArchitecture('se_resnet50')");
  return `${block}\nconsole.log(String(report.totals.params));\n`;
}

let project: string;
let base: string;

beforeAll(() => {
  requireBuild();
  base = mkdtempSync(join(cleanBase(), 'flopscope-consumer-'));
  project = join(base, 'app');
  mkdirSync(project);
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: REPO, encoding: 'utf8' });
  const tarball = (JSON.parse(packed) as Array<{ filename: string }>)[0].filename;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(join(project, tarball))).digest('base64')}`;
  const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim().replace(/\/?$/, '/');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { flopscope: `file:${tarball}` } }, null, 2));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(consumerLock(tarball, integrity, registry), null, 2));
  const install = spawnSync('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: project, encoding: 'utf8', timeout: 240_000 });
  if (install.status !== 0) throw new Error(`npm ci --offline failed:\n${install.stdout}\n${install.stderr}`);
  // No install script of flopscope's asks to run (npm lists those not covered by allowScripts).
  expect(`${install.stdout}${install.stderr}`).not.toMatch(/flopscope@[\d.]+ \(/);
}, 300_000);

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

const flopscope = (args: string[]) => spawnSync(join(project, 'node_modules', '.bin', 'flopscope'), args, { cwd: project, encoding: 'utf8', env: { ...process.env, FLOPSCOPE_CACHE_DIR: join(base, 'cache') } });

describe('a consumer install from the packed tarball', () => {
  it('ships the built dist/ and the LICENSE, and no sources or tests', () => {
    const root = join(project, 'node_modules', 'flopscope');
    expect(existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(root, 'dist', 'src', 'index.d.ts'))).toBe(true);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(readdirSync(root).sort()).toEqual(['LICENSE', 'README.md', 'architectures', 'bin', 'dist', 'package.json']);
    expect(existsSync(join(project, 'node_modules', 'onnxruntime-node'))).toBe(false);
  });

  it('the CLI runs', () => {
    const r = flopscope(['report', 'resnet18', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).totals.macs).toBe(1_814_073_344);
  });

  it('validate and profile run the reference backend, with one note on adding onnxruntime', () => {
    const v = flopscope(['validate', 'resnet18', '--input', '1x3x32x32', '--format', 'json']);
    expect(v.status).toBe(0);
    expect(v.stderr).toMatch(/^flopscope: note: backend 'onnxruntime' needs the onnxruntime-node package, which is not installed; install it with `ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node`.*; running the reference backend without it\n$/);
    const result = JSON.parse(v.stdout);
    expect(result.ok).toBe(true);
    expect(Object.keys(result.runMs)).toEqual(['reference']);
    const p = flopscope(['profile', 'resnet18', '--input', '1x3x32x32', '--runs', '1', '--format', 'json']);
    expect(p.status).toBe(0);
    expect(p.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(JSON.parse(p.stdout).backend).toBe('reference');
    // Asked for by name, a missing backend is an error.
    const named = flopscope(['validate', 'resnet18', '--input', '1x3x32x32', '--backend', 'onnxruntime']);
    expect(named.status).toBe(2);
    expect(named.stderr).toMatch(/^flopscope: backend 'onnxruntime' needs the onnxruntime-node package, which is not installed/);
  });

  it('profile --device, which times onnxruntime against the device profile, is one line without it (no note before it)', () => {
    writeDevice(project);
    const r = flopscope(['profile', 'resnet18', '--input', '1x3x32x32', '--device', 'device.json']);
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^flopscope: profile --device needs onnxruntime-node, which is not installed or failed to load; install it with .*\n$/);
  });

  it("the README's library snippet, from ESM and from CommonJS", () => {
    const snippet = readmeSnippet();
    writeFileSync(join(project, 'snippet.mjs'), snippet);
    writeFileSync(join(project, 'snippet.cjs'), snippet.replace(/^import \{([^}]*)\} from 'flopscope';$/m, "const {$1} = require('flopscope');"));
    // SENet Table 10: SE-ResNet-50 with r = 8 has 30.7 M parameters; the README pins 30603912.
    for (const file of ['snippet.mjs', 'snippet.cjs']) {
      const r = spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8' });
      expect(r.stderr, file).toBe('');
      expect(r.stdout.trim(), file).toBe('30603912');
    }
    const version = spawnSync(process.execPath, ['-e', "process.stdout.write(require('flopscope/package.json').version)"], { cwd: project, encoding: 'utf8' });
    expect(version.stdout).toBe(pkg.version);
  });
});
