// validate(model): what `flopscope validate` does, as a function. The model runs on the named
// backends (seeded weights and input); the result lists every check and mismatch.
import { loadBackend, parseBackendList, type BackendName } from '../exec/backends.js';
import { checkRunFits } from '../exec/memory.js';
import { DEFAULT_TOLERANCE, validateGraph, type ValidationResult } from '../exec/validate.js';
import { graphOf, type ModelInput, type ModelOptions } from './model.js';

export interface ValidateModelOptions extends ModelOptions {
  /** Default: both, the reference kernels and onnxruntime (an optional dependency). */
  readonly backends?: readonly BackendName[];
  /** Seed of the random weights and input (default 0). */
  readonly seed?: number;
  /** Largest relative error allowed between the backends' outputs (default 1e-3). */
  readonly tolerance?: number;
  /** Called with (backend, layers done, layers total). */
  readonly onProgress?: (backend: string, done: number, total: number) => void;
}

export async function validate(model: ModelInput, options: ValidateModelOptions = {}): Promise<ValidationResult> {
  const backends = parseBackendList((options.backends ?? ['reference', 'onnxruntime']).join(','));
  const graph = graphOf(model, options);
  // The same refusal as the CLI: a run that would not fit in memory stops before it starts.
  checkRunFits(graph, backends, backends.length > 1, process.env);
  for (const b of backends) await loadBackend(b);
  return validateGraph(graph, {
    backends,
    seed: options.seed ?? 0,
    tolerance: options.tolerance ?? DEFAULT_TOLERANCE,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
