// `flopscope whatif` as a user runs it: the Done-when commands, formats, help and exit codes.
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { bufferIO } from '../src/cli/io.js';
import { run } from '../src/cli/main.js';

const cli = (...argv: string[]) => runCaptured(argv);

describe('flopscope whatif', () => {
  it('reproduces SENet Table 10 against resnet50_v1 (terminal table)', async () => {
    const { code, stdout } = await cli('whatif', 'se_resnet50', '--sweep', 'reduction=2,4,8,16,32', '--baseline', 'resnet50_v1');
    expect(code).toBe(0);
    expect(stdout).toMatch(/baseline resnet50_v1 at 1x3x224x224: params 25\.56 M/);
    // Table 10 within +-0.1 M: 45.7, 35.7, 30.7, 28.1, 26.9.
    const params = [...stdout.matchAll(/│ (\d+) +│ +([\d.]+) M │/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(params.map(([r]) => r)).toEqual([2, 4, 8, 16, 32]);
    const table10 = [45.7, 35.7, 30.7, 28.1, 26.9];
    params.forEach(([, p], i) => expect(Math.abs(p - table10[i])).toBeLessThanOrEqual(0.1));
    expect(stdout).toMatch(/│ 16 +│ +28\.09 M │ \+2\.53 M \(\+9\.9%\)/);
  });

  it('shows the ~4% of SE without the last stage with --set se_stages=1,2,3', async () => {
    const { code, stdout } = await cli('whatif', 'se_resnet50', '--set', 'se_stages=1,2,3', '--baseline', 'resnet50_v1');
    expect(code).toBe(0);
    expect(stdout).toMatch(/│ 1,2,3 +│ +26\.51 M │ \+951\.60 K \(\+3\.7%\)/);
  });

  it('prints exact integers and percents as CSV, and a Markdown table', async () => {
    const csv = await cli('whatif', 'se_resnet50', '--sweep', 'se_stages=1,2,3/1,2,3,4', '--baseline', 'resnet50_v1', '--format', 'csv');
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^se_stages,Params,Δ Params,Δ Params %,MACs,/);
    expect(lines[2]).toMatch(/^"1,2,3,4",28088024,2530992,9\.9033,3860488192,/);
    expect(lines[3]).toMatch(/^baseline: resnet50_v1,25557032,,,3857973248,/);
    const md = await cli('whatif', 'resnet50', '--sweep', 'input=160,192', '--format', 'markdown');
    // Under 'macs' the FLOPs are the MACs: one column for people.
    expect(md.stdout).toMatch(/^\| input \| Params \| Δ Params \| MACs = FLOPs \(macs\) \| Δ MACs = FLOPs \(macs\) \|/m);
    expect(md.stdout).toMatch(/^\| 1x3x160x160 \| 25\.56 M \| ±0 \(0\.0%\) \| 2\.09 G \| -2\.00 G \(-49\.0%\)/m);
  });

  it('explains the list-of-lists syntax in --help', async () => {
    const io = bufferIO();
    await run(['whatif', '--help'], io);
    expect(io.out.join('')).toMatch(/se_stages=1,2,3\/1,2,3,4\/none/);
  });

  it('exits 2 with one line for each user mistake', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--sweep', 'ratio=2'], /unknown option 'ratio' for se_resnet50 \(family resnet\); valid options: depth, .*input \(flopscope describe/],
      [['--sweep', 'reduction=2.5'], /option 'reduction' expects an integer, received "2\.5"$/],
      [['--sweep', 'reduction=16,300'], /configuration reduction=300: layer 'layer1\.0\.se\.fc1': reduction 300 leaves no channels/],
      [['--sweep', 'reduction=1,2,3,4,5,6,7,8,9,10', '--sweep', 'width=1,2,3,4,5,6,7,8,9,10', '--sweep', 'groups=1,2,3,4,5,6,7,8,9,10', '--sweep', 'num_classes=1,2,3,4,5,6,7,8,9,10', '--sweep', 'input=64,96,128,160,192,224,256,288,320,352,384'],
        /the sweep makes 110,000 configurations .*; the limit is 100,000/],
      [['--baseline', 'resnet5O'], /unknown model 'resnet5O'/],
      [['--sweep', 'input=1x3x224'], /invalid sweep value input=1x3x224: 3 dimension\(s\)/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await cli('whatif', 'se_resnet50', ...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr.trim()).toMatch(message);
    }
  });

  it('notes a swept option that changes nothing, unless its dependency is swept too', async () => {
    const inert = await cli('whatif', 'resnet50', '--sweep', 'reduction=2,4', '--format', 'json');
    expect(inert.code).toBe(0);
    expect(inert.stderr.trim()).toBe("flopscope: note: option 'reduction' has no effect on resnet50 while se=false");
    const rows = JSON.parse(inert.stdout).rows as Array<{ totals: { params: number } }>;
    expect(rows[0].totals.params).toBe(rows[1].totals.params);
    expect((await cli('whatif', 'resnet50', '--sweep', 'reduction=2,4', '--sweep', 'se=true,false', '--format', 'json')).stderr).toBe('');
  });
});
