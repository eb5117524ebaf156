// Without onnxruntime-node, calibrate and profile --device say so in one line and how to install it.
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlopscopeError } from '../src/errors.js';
import { writeDevice } from './helpers/device.js';

vi.mock('../src/exec/onnxruntime.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/exec/onnxruntime.js')>()),
  loadOrt: async () => {
    throw new FlopscopeError('backend', "backend 'onnxruntime' needs the onnxruntime-node package, which is not installed");
  },
}));

const { runCaptured } = await import('../src/cli/capture.js');

describe('without onnxruntime-node', () => {
  it('calibrate exits 2 with one line that says how to install it', async () => {
    const r = await runCaptured(['calibrate', '--quick']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('flopscope: calibrate needs onnxruntime-node, which is not installed or failed to load; install it with `ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node`\n');
  });

  it('profile --device exits 2 with one line too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopscope-no-ort-'));
    writeDevice(dir);
    const r = await runCaptured(['profile', 'resnet18', '--input', '1x3x32x32', '--device', 'device.json'], { cwd: dir }).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flopscope: profile --device needs onnxruntime-node, which is not installed or failed to load; install it with .*\n$/);
  });
});
