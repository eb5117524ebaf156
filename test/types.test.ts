// The library's types: convention, dtype, format, backend and zoo names are literal unions, so a
// typo is a compile error (`npm test` runs tsc over this file: each @ts-expect-error fails the
// build if the line it marks ever compiles). The runtime checks behind them stay for JavaScript.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  analyze, buildArchitecture, conventionNames, dtypeNames, formula, render, REPORT_FORMATS, toBigInt, toNumber, toString, validate, whatIf, zooArchitecture, zooNames,
  type Architecture, type BackendName, type ConventionName, type CostReport, type Dim, type DtypeName, type ReportFormat, type ZooName,
} from '../src/index.js';
import { backendNames } from '../src/exec/backends.js';

const graph = buildArchitecture(zooArchitecture('resnet18'), { input: '1x3x32x32' });

describe('names are literal unions', () => {
  it('conventions', () => {
    expectTypeOf<'paper'>().toMatchTypeOf<ConventionName>();
    expectTypeOf<'papr'>().not.toMatchTypeOf<ConventionName>();
    expectTypeOf<ConventionName>().not.toEqualTypeOf<string>();
    // @ts-expect-error 'papr' is not a convention
    expect(() => analyze(graph, { convention: 'papr' })).toThrow(/unknown convention 'papr'; did you mean 'paper'/);
    // @ts-expect-error nor in whatIf
    expect(() => whatIf('resnet18', { convention: 'flop' })).toThrow(/unknown convention/);
    expectTypeOf(conventionNames()).toEqualTypeOf<ConventionName[]>();
  });

  it('zoo names', () => {
    expectTypeOf<'se_resnet50'>().toMatchTypeOf<ZooName>();
    expectTypeOf<'se_resnet5'>().not.toMatchTypeOf<ZooName>();
    expectTypeOf(zooArchitecture('se_resnet50')).toEqualTypeOf<Architecture<'se_resnet50'>>();
    // @ts-expect-error 'resnet5O' is not in the zoo
    expect(() => zooArchitecture('resnet5O')).toThrow(/unknown model 'resnet5O'; did you mean 'resnet50'/);
    // @ts-expect-error nor as a whatIf baseline
    expect(() => whatIf('resnet18', { baseline: 'resnet19' })).toThrow(/unknown model/);
    expectTypeOf(zooNames()).toEqualTypeOf<ZooName[]>();
  });

  it('dtypes, formats and backends', async () => {
    expectTypeOf<DtypeName>().toEqualTypeOf<'fp32' | 'fp16' | 'bf16' | 'int8' | 'fp64'>();
    // @ts-expect-error 'fp8' is not a dtype
    expect(() => analyze(graph, { dtype: 'fp8' })).toThrow(/unknown dtype 'fp8'/);
    const report = analyze(graph);
    expectTypeOf(report).toEqualTypeOf<CostReport>();
    expectTypeOf(report.dtype).toEqualTypeOf<DtypeName>();
    // @ts-expect-error 'yaml' is not a format
    expect(() => render(report, 'yaml')).toThrow(/unknown format 'yaml'/);
    expectTypeOf<(typeof REPORT_FORMATS)[number]>().toEqualTypeOf<ReportFormat>();
    // @ts-expect-error 'onnx' is not a backend
    await expect(validate(graph, { backends: ['onnx'] })).rejects.toThrow(/unknown backend 'onnx'/);
    expectTypeOf(backendNames()).toEqualTypeOf<BackendName[]>();
  });

  it('formula takes zoo names too', async () => {
    // @ts-expect-error 'vgg61' is not in the zoo
    await expect(formula('vgg61')).rejects.toThrow(/unknown model 'vgg61'/);
  });

  it('every runtime name is in its type (the unions are not wider or narrower than the tables)', () => {
    const conventions: readonly string[] = conventionNames();
    const dtypes: readonly string[] = dtypeNames();
    expect(conventions).toEqual(['macs', 'paper', 'flops', 'fvcore', 'ptflops']);
    expect(dtypes).toEqual(['fp32', 'fp16', 'bf16', 'int8', 'fp64']);
  });
});

describe('reading counts', () => {
  it('toNumber, toBigInt and toString take any Dim', () => {
    const t = analyze(graph).totals;
    expectTypeOf(t.macs).toEqualTypeOf<Dim>();
    expectTypeOf(toNumber(t.macs)).toEqualTypeOf<number>();
    expectTypeOf(toBigInt(t.macs)).toEqualTypeOf<bigint>();
    expectTypeOf(toString(t.macs)).toEqualTypeOf<string>();
    expect(toNumber(t.params)).toBe(Number(toBigInt(t.params)));
  });
});
