// Wraps a user's architecture so that building it records where each layer was written: site
// capture is on while the user's family and deferred callbacks run; every site is moved to the
// user's TypeScript coordinates; layers made by flopscope's own composites inside a deferred
// module (the convs of se()) take the site of the user's call that asked for them; and an error
// raised by a DSL call names the exact call.
import type { Architecture, Family } from '../dsl/family.js';
import { isModule, mapChildren, siteOf, type Module } from '../dsl/module.js';
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

function adopt(m: Module, inherited: SourceSite | undefined, a: Adoption): Module {
  // Not a module (an undefined child, say): left for the IR builder, which names its path.
  if (!isModule(m)) return m;
  const hit = a.modules.get(m);
  if (hit) return hit;
  const own = original(siteOf(m), a) ?? inherited;
  const mapped = mapChildren(m, (child) => adopt(child, own, a), runUser);
  const out = own && m.kind !== 'tag' ? { ...mapped, site: own } : mapped;
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
