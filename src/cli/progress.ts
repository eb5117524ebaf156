// A progress bar on stderr for runs longer than a second, only on a terminal that can move its
// cursor and never in JSON mode; otherwise a no-op, so piped output stays clean.
import type { CliIO } from './io.js';

export interface Progress {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

interface Bar {
  start(total: number, value: number, payload: object): void;
  setTotal(total: number): void;
  update(value: number, payload: object): void;
  stop(): void;
}

export async function progressBar(io: CliIO, json: boolean, delayMs = 1000): Promise<Progress> {
  // A dumb terminal (TERM=dumb: an editor's shell, a CI log) cannot move the cursor back.
  if (json || !io.stderr.isTTY || io.env.TERM === 'dumb') return SILENT;
  const specifier = 'cli-progress';
  const mod = (await import(specifier)) as { default?: unknown; SingleBar?: unknown };
  const lib = (mod.SingleBar ? mod : mod.default) as { SingleBar: new (opts: object, preset: object) => Bar; Presets: { shades_classic: object } };
  const started = Date.now();
  let bar: Bar | undefined;
  return {
    update(done, total, label) {
      if (!bar) {
        if (Date.now() - started < delayMs) return;
        bar = new lib.SingleBar({ stream: io.stderr, format: ' {bar} {percentage}% | {label} {value}/{total}', hideCursor: true, clearOnComplete: true }, lib.Presets.shades_classic);
        bar.start(total, done, { label });
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      bar?.stop();
    },
  };
}
