// Wraps a user's architecture so that building it records where each layer was written: site
// capture is on while the user's family and deferred callbacks run; every site is moved to the
// user's TypeScript coordinates; layers made by flopscope's own composites inside a deferred
// module (the convs of se()) take the site of the user's call that asked for them; an error
// raised by a DSL call names the exact call; and anything else user code throws becomes one line
// naming where it was thrown and the module path it was building.
import type { Architecture, Family } from '../dsl/family.js';
import { isModule, mapChildren, moduleProblem, siteOf, type Module } from '../dsl/module.js';
import { formatSite, layerError, shownPath, type SourceSite } from '../errors.js';
import { MAX_DEPTH } from '../ir/build.js';
import { locateError, locateSite } from '../source/locate.js';
import { toOriginal } from '../source/sourcemap.js';
import { withSiteCapture } from './capture.js';
import { asFlopscopeError, thrownText, userFrame } from './load-error.js';
import { watchingPrototypes } from './prototypes.js';

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

/** What the user code being run is, for messages: its module path and the call that defined it. */
interface UserCall {
  readonly path: string;
  readonly what: string;
  readonly site: SourceSite | undefined;
}

/** Runs user code with capture on; a FlopscopeError it raises names the exact call, anything else it throws names where. */
function runUser<T>(run: () => T, call: UserCall): T {
  try {
    return watchingPrototypes(() => withSiteCapture(run), () => `${call.what} (layer '${shownPath(call.path)}'${call.site ? `, ${formatSite(toOriginal(call.site))}` : ''})`);
  } catch (e) {
    const ours = asFlopscopeError(e);
    if (ours) throw locateError(ours, true);
    // Where it was thrown; with no stack to read (a thrown string), the call that defined the code.
    const frame = userFrame(e instanceof Error ? e.stack : undefined);
    const located = !frame && call.site ? locateSite(call.site) : undefined;
    const site = frame ? toOriginal(frame) : located ? { file: located.file, line: located.line, column: located.column } : undefined;
    throw layerError('user-code', call.path, site, `${call.what} threw ${thrownText(e)}`);
  }
}

/**
 * The tree under `root` with user sites, each module copied once (a layer reused on purpose stays
 * one object). Iterative, in two passes: every module found gets an empty copy, then each copy is
 * filled with the copies of its children. A module that contains itself thus stays a cycle for
 * the IR builder to name with its path, and past the builder's depth limit nothing is copied (the
 * builder refuses it there), so no tree can overflow the stack here before the builder speaks.
 * A deferred module's output is adopted when it is built, at the deferred module's depth.
 */
function adopt(root: Module, inherited: SourceSite | undefined, a: Adoption, rootDepth: number): Module {
  const found: Array<{ m: Module; own: SourceSite | undefined; depth: number }> = [];
  const pending: Array<{ m: Module; inherited: SourceSite | undefined; depth: number }> = [{ m: root, inherited, depth: rootDepth }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { m, depth } = next;
    // Not a module (an undefined child, say) or a malformed one: left for the IR builder, which names its path.
    if (moduleProblem(m) !== undefined || a.modules.has(m)) continue;
    const own = original(siteOf(m), a) ?? next.inherited;
    a.modules.set(m, {} as Module);
    found.push({ m, own, depth });
    // The module the builder refuses for its depth keeps its own site, not its children.
    if (depth < MAX_DEPTH) mapChildren(m, (child) => {
      pending.push({ m: child, inherited: own, depth: depth + 1 });
      return child;
    });
  }
  for (const { m, own, depth } of found) {
    const copyOf = (child: Module): Module => (isModule(child) ? a.modules.get(child) : undefined) ?? child;
    const mapped = depth >= MAX_DEPTH ? m
      : m.kind === 'deferred' ? mapChildren(m, (built) => built, (build, input) => runUser(() => adopt(build(), own, a, depth + 1), { path: input.path, what: 'the withChannels callback', site: own }))
      // A layer's attributes are read here, where a throwing getter is user code that can be named.
      : m.kind === 'layer' ? { ...m, attrs: { ...m.attrs } }
      : mapChildren(m, copyOf);
    Object.assign(a.modules.get(m)!, own && m.kind !== 'tag' ? { ...mapped, site: own } : mapped);
  }
  return (isModule(root) ? a.modules.get(root) : undefined) ?? root;
}

/** The architecture, built with site capture and exact sites. */
export function withSites(arch: Architecture): Architecture {
  const family: Family<any> = arch.family;
  const site = family.site ? toOriginal(family.site) : undefined;
  const wrapped: Family<any> = {
    ...family,
    ...(site ? { site } : {}),
    // What build() returns is read while it is adopted: a getter that throws there (a Proxy, say) is user code too.
    build: (options) => runUser(() => adopt(family.build(options), undefined, { modules: new WeakMap(), sites: new WeakMap() }, 0), { path: '', what: `build() of family '${family.name}'`, site }),
  };
  return { ...arch, family: wrapped };
}
