// Wraps a user's architecture so that building it records where each layer was written: site
// capture is on while the user's family and deferred callbacks run; every site is moved to the
// user's TypeScript coordinates; layers made by flopscope's own composites inside a deferred
// module (the convs of se()) take the site of the user's call that asked for them; and an error
// raised by a DSL call names the exact call.
import type { Architecture, Family } from '../dsl/family.js';
import type { Entry, Module } from '../dsl/module.js';
import type { SourceSite } from '../errors.js';
import { locateError, toOriginal } from '../source/locate.js';
import { withSiteCapture } from './capture.js';
import { asFlopscopeError } from './load-error.js';

interface Adoption {
  /** Copies by original object: a layer reused on purpose (shared weights) stays one object. */
  readonly modules: WeakMap<Module, Module>;
  readonly sites: WeakMap<SourceSite, SourceSite>;
}

function original(site: SourceSite | undefined, a: Adoption): SourceSite | undefined {
  if (!site) return undefined;
  let hit = a.sites.get(site);
  if (!hit) a.sites.set(site, (hit = toOriginal(site)));
  return hit;
}

/** Runs user code with capture on; a FlopscopeError it raises names the exact call. */
function runUser<T>(run: () => T): T {
  try {
    return withSiteCapture(run);
  } catch (e) {
    const ours = asFlopscopeError(e);
    throw ours ? locateError(ours, true) : e;
  }
}

function entries(list: readonly Entry[], site: SourceSite | undefined, a: Adoption): Entry[] {
  return list.map(([name, m]) => [name, adopt(m, site, a)] as const);
}

function adopt(m: Module, inherited: SourceSite | undefined, a: Adoption): Module {
  const hit = a.modules.get(m);
  if (hit) return hit;
  const own = 'site' in m && m.site ? original(m.site, a) : inherited;
  const site = own ? { site: own } : {};
  let out: Module;
  switch (m.kind) {
    case 'layer':
      out = { ...m, ...site };
      break;
    case 'seq':
      out = { ...m, children: entries(m.children, own, a), ...site };
      break;
    case 'residual':
      out = { ...m, body: entries(m.body, own, a), after: entries(m.after, own, a), ...(m.shortcut ? { shortcut: [m.shortcut[0], adopt(m.shortcut[1], own, a)] as const } : {}), ...site };
      break;
    case 'concat':
      out = { ...m, branches: entries(m.branches, own, a), after: entries(m.after, own, a), ...site };
      break;
    case 'scale':
      out = { ...m, gate: entries(m.gate, own, a), ...site };
      break;
    case 'tag':
      out = { ...m, body: adopt(m.body, inherited, a) };
      break;
    case 'deferred':
      out = { ...m, build: (input) => adopt(runUser(() => m.build(input)), own, a), ...site };
      break;
    default:
      out = m;
  }
  a.modules.set(m, out);
  return out;
}

/** The architecture, built with site capture and exact sites. */
export function withSites(arch: Architecture): Architecture {
  const family: Family<any> = arch.family;
  const wrapped: Family<any> = {
    ...family,
    build: (options) => adopt(runUser(() => family.build(options)), undefined, { modules: new WeakMap(), sites: new WeakMap() }),
  };
  return { ...arch, family: wrapped };
}
