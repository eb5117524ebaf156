// The executor's backends by name, each loaded on demand (onnxruntime is large).
import { didYouMean, FlopscopeError } from '../errors.js';
import type { Backend } from './backend.js';

export const BACKENDS = {
  reference: async () => (await import('./reference.js')).referenceBackend,
  onnxruntime: async () => (await import('./onnxruntime.js')).loadOnnxruntimeBackend(),
} as const satisfies Readonly<Record<string, () => Promise<Backend>>>;

/** A backend's name, as `--backend` takes it. */
export type BackendName = keyof typeof BACKENDS;

export function backendNames(): BackendName[] {
  return Object.keys(BACKENDS) as BackendName[];
}

/** Parses `reference,onnxruntime`; an unknown name lists the available ones. */
export function parseBackendList(text: string): string[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new FlopscopeError('usage', `--backend expects one or more of ${backendNames().join(', ')}, received '${text}'`);
  for (const n of names) {
    if (!Object.hasOwn(BACKENDS, n)) {
      const hint = didYouMean(n, backendNames());
      throw new FlopscopeError('backend', `unknown backend '${n}'; ${hint ? `${hint} ` : ''}available backends: ${backendNames().join(', ')}`);
    }
  }
  return [...new Set(names)];
}

export async function loadBackend(name: string): Promise<Backend> {
  parseBackendList(name);
  return BACKENDS[name as BackendName]();
}
