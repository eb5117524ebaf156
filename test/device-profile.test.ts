// Device profiles (flopscope.device/1): a valid one reads back with its defaults; every malformed
// one is refused with one line that names the file and the field.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeviceProfile, parseDeviceProfile } from '../src/device/profile.js';
import { FlopscopeError } from '../src/errors.js';
import { DATASHEET } from './helpers/device.js';

function refusal(raw: unknown): FlopscopeError {
  try {
    parseDeviceProfile(raw, 'dev.json');
  } catch (e) {
    expect(e).toBeInstanceOf(FlopscopeError);
    const err = e as FlopscopeError;
    expect(err.code).toBe('device');
    expect(err.message).not.toContain('\n');
    expect(err.message.startsWith('device profile dev.json: ')).toBe(true);
    return err;
  }
  throw new Error('expected the profile to be refused');
}

const edit = (patch: Record<string, unknown>) => ({ ...DATASHEET, ...patch });

describe('device profile validation', () => {
  it('reads a datasheet profile: fusion on and no efficiency factors unless given', () => {
    const d = parseDeviceProfile(DATASHEET, 'dev.json');
    expect(d).toMatchObject({ name: 'hand-made test device', peakFlopsPerSecond: 100e9, fusion: true, channelBlock: 1, efficiency: {} });
    expect(d.obtained.peakFlopsPerSecond).toEqual({ method: 'datasheet', source: 'a test: 100 GFLOP/s' });
    expect(d.measuredWith).toBeUndefined();
  });

  it('keeps efficiency factors for known op kinds and what measured them', () => {
    const d = parseDeviceProfile(edit({
      fusion: false,
      efficiency: { 'conv2d.depthwise': 0.5, relu: 2 },
      obtained: { ...DATASHEET.obtained, 'efficiency.relu': { method: 'measured', how: 'relu 1x64x56x56' } },
      measuredWith: { engine: 'onnxruntime-node', graphOptimization: 'disabled', threads: 2, statistic: 'minimum of 3 runs' },
    }), 'dev.json');
    expect(d.fusion).toBe(false);
    expect(d.efficiency).toEqual({ 'conv2d.depthwise': 0.5, relu: 2 });
    expect(d.measuredWith).toMatchObject({ graphOptimization: 'disabled', threads: 2 });
  });

  it.each([
    ['a wrong schema', edit({ schema: 'flopscope.device/2' }), /schema expects "flopscope.device\/1", received "flopscope.device\/2"/],
    ['a missing peak', { ...DATASHEET, peakFlopsPerSecond: undefined }, /peakFlopsPerSecond expects a number from 1000 to 1000000000000000000 FLOP\/s, received nothing/],
    ['a negative bandwidth', edit({ bandwidthBytesPerSecond: -1 }), /bandwidthBytesPerSecond expects a number from 1000 to 10000000000000000 bytes\/s, received -1/],
    ['a text overhead', edit({ overheadSeconds: '5 us' }), /overheadSeconds expects a number from 0 to 1 s, received "5 us"/],
    ['an unknown dtype', edit({ dtype: 'fp8' }), /dtype expects one of fp32, .*received "fp8"/],
    ['a misspelt key', edit({ peakFlopsPerSecnd: 1 }), /unknown key 'peakFlopsPerSecnd'; did you mean 'peakFlopsPerSecond'\?/],
    ['an unknown op kind', edit({ efficiency: { 'conv2d.depthwse': 1 } }), /efficiency\.conv2d\.depthwse is not an op kind; did you mean 'conv2d\.depthwise'\?/],
    ['a zero efficiency', edit({ efficiency: { relu: 0 } }), /efficiency\.relu expects a number from 0.0001 to 100 .*received 0/],
    ['no provenance', edit({ obtained: undefined }), /obtained expects an object, received nothing/],
    ['a figure without provenance', edit({ obtained: { peakFlopsPerSecond: DATASHEET.obtained.peakFlopsPerSecond, bandwidthBytesPerSecond: DATASHEET.obtained.bandwidthBytesPerSecond } }), /obtained\.overheadSeconds is missing/],
    ['an unknown method', edit({ obtained: { ...DATASHEET.obtained, overheadSeconds: { method: 'guessed' } } }), /obtained\.overheadSeconds\.method expects "measured" .* received "guessed"/],
    ['a datasheet without its source', edit({ obtained: { ...DATASHEET.obtained, overheadSeconds: { method: 'datasheet' } } }), /obtained\.overheadSeconds\.source expects a non-empty string, received nothing/],
    ['provenance of no figure', edit({ obtained: { ...DATASHEET.obtained, 'efficiency.relu': { method: 'measured', how: 'x' } } }), /obtained\.efficiency\.relu describes no figure/],
    ['a bad graph optimization level', edit({ measuredWith: { engine: 'e', graphOptimization: 'basic', threads: 1, statistic: 's' } }), /measuredWith\.graphOptimization expects "all" or "disabled", received "basic"/],
    ['fractional threads', edit({ measuredWith: { engine: 'e', graphOptimization: 'all', threads: 1.5, statistic: 's' } }), /measuredWith\.threads expects a whole number from 1 to 4096 threads, received 1.5/],
    ['a non-boolean fusion', edit({ fusion: 'yes' }), /fusion expects true or false, received "yes"/],
    ['a fractional channel block', edit({ channelBlock: 2.5, obtained: { ...DATASHEET.obtained, channelBlock: { method: 'measured', how: 'x' } } }), /channelBlock expects a whole number from 1 to 4096 channels, received 2.5/],
    // Figures far outside any device: a typo refused where it is read, not "Infinity s" later.
    ['a peak of 1e-300 FLOP/s', edit({ peakFlopsPerSecond: 1e-300 }), /peakFlopsPerSecond expects a number from 1000 to 1000000000000000000 FLOP\/s, received 1e-300/],
    ['a peak of 1e300 FLOP/s', edit({ peakFlopsPerSecond: 1e300 }), /peakFlopsPerSecond expects a number .* received 1e\+300/],
    ['an overhead of an hour', edit({ overheadSeconds: 3600 }), /overheadSeconds expects a number from 0 to 1 s, received 3600/],
    ['an infinite bandwidth', edit({ bandwidthBytesPerSecond: Infinity }), /bandwidthBytesPerSecond expects a number .* received null/],
    ['an efficiency of 1e6', edit({ efficiency: { relu: 1e6 } }), /efficiency\.relu expects a number from 0.0001 to 100/],
    ['a channel block without provenance', edit({ channelBlock: 16 }), /obtained\.channelBlock is missing/],
    ['a list', [], /expects an object, received \[\]/],
  ])('refuses %s', (_what, raw, message) => {
    expect(refusal(raw).message).toMatch(message);
  });

  it('names a missing file and a file that is not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flopscope-device-'));
    expect(() => loadDeviceProfile(join(dir, 'none.json'), 'none.json')).toThrow(/^device profile none.json: no such file \(write one with flopscope calibrate -o FILE\)$/);
    await writeFile(join(dir, 'bad.json'), '{ "schema": ');
    expect(() => loadDeviceProfile(join(dir, 'bad.json'), 'bad.json')).toThrow(/^device profile bad.json: not valid JSON/);
    await writeFile(join(dir, 'ok.json'), JSON.stringify(DATASHEET));
    expect(loadDeviceProfile(join(dir, 'ok.json')).name).toBe('hand-made test device');
    await writeFile(join(dir, 'bom.json'), `\uFEFF${JSON.stringify(DATASHEET)}`);
    expect(loadDeviceProfile(join(dir, 'bom.json')).name).toBe('hand-made test device');
  });
});
