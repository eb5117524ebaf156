// The budget config: `flopscope.config.json` in the project root, a "flopscope" key in
// package.json, or --config PATH. Validated strictly against the table of known keys: every
// error names the key, where it is (file:line:column and its path), and what was expected.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { conventionNames, type ConventionName } from '../cost/conventions/index.js';
import { dtypeNames, type DtypeName } from '../cost/dtype.js';
import { didYouMean, FlopscopeError, type SourceSite } from '../errors.js';
import { displayPath } from '../paths.js';
import { parseInputShape } from '../shape/input.js';
import { parseJsonSource, plain, properties, refuseDuplicateKeys, where, lineColumn, type JsonNode, type JsonSource } from './json-source.js';
import { METRICS, type Metric } from './metrics.js';
import { parseDuration, parseDurationIncrease } from './duration.js';
import { parseIncrease, parseSize, type Increase } from './size.js';

export const CONFIG_FILE = 'flopscope.config.json';
export const DEFAULT_BASELINE = 'flopscope.baseline.json';
export const LEVELS = ['error', 'warn'] as const;
export type Level = (typeof LEVELS)[number];

export interface Budget {
  readonly name: string;
  /** The reference as written: a zoo name or `models/mynet.ts#tiny` (relative to the config). */
  readonly model: string;
  readonly input?: string;
  readonly set: Readonly<Record<string, unknown>>;
  readonly convention: ConventionName;
  readonly dtype: DtypeName;
  readonly limits: Readonly<Partial<Record<Metric, bigint>>>;
  readonly maxIncrease: Readonly<Partial<Record<Metric, Increase>>>;
  readonly level: Level;
  /** The device profile a latency limit is predicted on, absolute (written relative to the config). */
  readonly device?: string;
  /** Where the budget is written in the config. */
  readonly site: SourceSite;
  /** An ONNX model's nodes outside the op catalogue are left out and listed, instead of failing the budget. */
  readonly allowUnknown?: true;
}

export interface BudgetConfig {
  /** Absolute path of the file the config came from. */
  readonly file: string;
  /** Folder model paths and the baseline are relative to. */
  readonly baseDir: string;
  readonly budgets: readonly Budget[];
  /** Baseline path from the config, absolute. */
  readonly baseline?: string;
}

const TOP_KEYS = ['budgets', 'baseline', '$schema'] as const;
const BUDGET_KEYS = ['name', 'model', 'input', 'set', 'convention', 'dtype', 'limits', 'maxIncrease', 'level', 'device', 'allowUnknown'] as const;

/** Finds the config: --config PATH, else flopscope.config.json, else package.json "flopscope". */
export function findConfig(cwd: string, explicit?: string): { file: string; key?: 'flopscope' } {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new FlopscopeError('config', `config file ${displayPath(file, cwd)} not found`);
    return basename(file) === 'package.json' ? { file, key: 'flopscope' } : { file };
  }
  const own = resolve(cwd, CONFIG_FILE);
  if (existsSync(own)) return { file: own };
  const pkg = resolve(cwd, 'package.json');
  if (existsSync(pkg)) {
    const parsed = parseJsonSource(readFileSync(pkg, 'utf8'), displayPath(pkg, cwd));
    if (properties(parsed.root).some((p) => p.key === 'flopscope')) return { file: pkg, key: 'flopscope' };
  }
  throw new FlopscopeError('config', `no budget config: create ${CONFIG_FILE} (or a "flopscope" key in package.json), or pass --config PATH`);
}

class Checker {
  constructor(readonly src: JsonSource) {}

  fail(node: JsonNode, path: string, what: string): never {
    throw new FlopscopeError('config', `${where(this.src, node)}: ${path}: ${what}`);
  }

  object(node: JsonNode, path: string): Array<{ key: string; keyNode: JsonNode; value: JsonNode }> {
    if (node.type !== 'object') this.fail(node, path, `expected an object, received ${JSON.stringify(plain(node))}`);
    return properties(node);
  }

  knownKeys(props: Array<{ key: string; keyNode: JsonNode }>, known: readonly string[], path: string): void {
    for (const p of props) {
      if (known.includes(p.key)) continue;
      const hint = didYouMean(p.key, known, 1);
      this.fail(p.keyNode, path, `unknown key '${p.key}'${hint ? `; ${hint}` : ''} (known keys: ${known.join(', ')})`);
    }
  }

  string(node: JsonNode, path: string): string {
    if (node.type !== 'string' || String(node.value).trim() === '') this.fail(node, path, `expected a non-empty string, received ${JSON.stringify(plain(node))}`);
    return String(node.value);
  }

  oneOf<T extends string>(node: JsonNode, path: string, values: readonly T[]): T {
    const v = plain(node);
    if (typeof v !== 'string' || !values.includes(v as T)) this.fail(node, path, `expected one of ${values.join(', ')}, received ${JSON.stringify(v)}`);
    return v as T;
  }

  metricTable<T>(node: JsonNode, path: string, parse: (raw: unknown, metric: Metric) => T | string): Partial<Record<Metric, T>> {
    const props = this.object(node, path);
    this.knownKeys(props, METRICS, path);
    const out: Partial<Record<Metric, T>> = {};
    for (const p of props) {
      const parsed = parse(plain(p.value), p.key as Metric);
      if (typeof parsed === 'string') this.fail(p.value, `${path}.${p.key}`, parsed);
      out[p.key as Metric] = parsed;
    }
    return out;
  }

  budget(node: JsonNode, index: number): Budget {
    const path = `budgets[${index}]`;
    const props = this.object(node, path);
    const name = props.find((p) => p.key === 'name');
    const label = name && name.value.type === 'string' ? `${path} ("${String(name.value.value)}")` : path;
    this.knownKeys(props, BUDGET_KEYS, label);
    const get = (key: string) => props.find((p) => p.key === key)?.value;
    const modelNode = get('model');
    if (!modelNode) this.fail(node, label, `missing "model" (a built-in name such as "resnet50", or a file such as "models/mynet.ts#tiny" or "build/model.onnx")`);
    const model = this.string(modelNode, `${label}.model`);
    const inputNode = get('input');
    const input = inputNode ? this.string(inputNode, `${label}.input`) : undefined;
    if (input !== undefined) {
      try {
        parseInputShape(input);
      } catch (e) {
        if (e instanceof FlopscopeError) this.fail(inputNode!, `${label}.input`, e.message);
        throw e;
      }
    }
    const setNode = get('set');
    let set: Record<string, unknown> = {};
    if (setNode) {
      for (const p of this.object(setNode, `${label}.set`)) {
        const v = plain(p.value);
        const ok = ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === 'number'));
        if (!ok) this.fail(p.value, `${label}.set.${p.key}`, `expected a string, number, boolean or list of integers, received ${JSON.stringify(v)}`);
      }
      set = plain(setNode) as Record<string, unknown>;
    }
    const limitsNode = get('limits');
    const limits = limitsNode ? this.metricTable(limitsNode, `${label}.limits`, (raw, m) => (m === 'latency' ? parseDuration(raw) : parseSize(raw))) : {};
    const increaseNode = get('maxIncrease');
    const maxIncrease = increaseNode ? this.metricTable(increaseNode, `${label}.maxIncrease`, (raw, m) => (m === 'latency' ? parseDurationIncrease(raw) : parseIncrease(raw))) : {};
    const deviceNode = get('device');
    const device = deviceNode ? this.string(deviceNode, `${label}.device`) : undefined;
    if (device === undefined && (limits.latency !== undefined || maxIncrease.latency !== undefined)) {
      this.fail(limitsNode && limits.latency !== undefined ? limitsNode : node, label, 'a latency budget needs "device": the path of a device profile, relative to the config (write one with flopscope calibrate -o device.json)');
    }
    if (!Object.keys(limits).length && !Object.keys(maxIncrease).length) {
      this.fail(node, label, `no "limits" and no "maxIncrease": a budget needs at least one of ${METRICS.join(', ')}`);
    }
    const conventionNode = get('convention');
    const dtypeNode = get('dtype');
    const levelNode = get('level');
    const at = lineColumn(this.src.text, node.offset);
    return {
      name: name ? this.string(name.value, `${label}.name`) : model,
      model,
      ...(input !== undefined ? { input } : {}),
      set,
      convention: conventionNode ? this.oneOf(conventionNode, `${label}.convention`, conventionNames()) : 'macs',
      dtype: dtypeNode ? this.oneOf(dtypeNode, `${label}.dtype`, dtypeNames()) : 'fp32',
      limits,
      maxIncrease,
      level: levelNode ? this.oneOf(levelNode, `${label}.level`, LEVELS) : 'error',
      ...(device !== undefined ? { device } : {}),
      ...allowUnknownOf(this, get('allowUnknown'), label),
      site: { file: '', line: at.line, column: at.column },
    };
  }
}

/** "allowUnknown": true (an ONNX model): ops outside the catalogue are listed as not counted instead of failing the budget. */
function allowUnknownOf(c: Checker, node: JsonNode | undefined, label: string): { allowUnknown?: true } {
  if (!node) return {};
  const v = plain(node);
  if (typeof v !== 'boolean') c.fail(node, `${label}.allowUnknown`, `expected true or false, received ${JSON.stringify(v)}`);
  return v ? { allowUnknown: true } : {};
}

/** Validates the config object at `node`; `file` is absolute. */
export function validateConfig(src: JsonSource, node: JsonNode, file: string, prefix = ''): BudgetConfig {
  const c: Checker = new Checker(src);
  refuseDuplicateKeys(src, node);
  const top = prefix || 'config';
  const props = c.object(node, top);
  c.knownKeys(props, TOP_KEYS, top);
  const budgetsNode = props.find((p) => p.key === 'budgets')?.value;
  if (!budgetsNode) c.fail(node, top, 'missing "budgets" (a list of { "name", "model", "limits" } objects)');
  if (budgetsNode.type !== 'array' || !budgetsNode.children?.length) c.fail(budgetsNode, `${prefix ? `${prefix}.` : ''}budgets`, 'expected a non-empty list of budgets');
  const budgets = budgetsNode.children.map((b, i) => {
    const budget = c.budget(b, i);
    return { ...budget, site: { ...budget.site, file }, ...(budget.device !== undefined ? { device: resolve(dirname(file), budget.device) } : {}) };
  });
  const seen = new Map<string, number>();
  budgets.forEach((b, i) => {
    const first = seen.get(b.name);
    if (first !== undefined) c.fail(budgetsNode.children![i], `budgets[${i}].name`, `duplicate budget name "${b.name}" (also budgets[${first}]); names key the baseline, so they must differ`);
    seen.set(b.name, i);
  });
  const baselineNode = props.find((p) => p.key === 'baseline')?.value;
  const baseDir = dirname(file);
  return {
    file,
    baseDir,
    budgets,
    ...(baselineNode ? { baseline: resolve(baseDir, c.string(baselineNode, 'baseline')) } : {}),
  };
}

export function loadConfig(cwd: string, explicit?: string): BudgetConfig {
  const found = findConfig(cwd, explicit);
  const shown = displayPath(found.file, cwd);
  let text: string;
  try {
    text = readFileSync(found.file, 'utf8');
  } catch (e) {
    throw new FlopscopeError('config', `cannot read config ${shown}: ${(e as Error).message}`);
  }
  const src = parseJsonSource(text, shown);
  if (found.key) {
    const node = properties(src.root).find((p) => p.key === found.key)?.value;
    if (!node) throw new FlopscopeError('config', `${shown} has no "flopscope" key with the budgets`);
    return validateConfig(src, node, found.file, 'flopscope');
  }
  return validateConfig(src, src.root, found.file);
}
