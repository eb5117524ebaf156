// The WebAssembly text of the SIMD matrix multiply and its packing, written out by small
// generators so the register tile (MR rows x NR columns of C held in v128 locals) reads as one loop.
//
// `im2col` writes the columns [p0, p0 + width) of a convolution's im2col matrix (k = cg*kh*kw
// rows) as panels of NR columns: panel q holds column q*NR + lane of row kk at kk*NR + lane, lanes
// past `width` zero. A row-major k x p matrix is the im2col of k planes of 1 x p under a 1x1
// kernel, so the plain matrix multiply uses the same packing.
//
// `packA` lays A (m x k, row-major: the weights as they are) out as panels of MR rows, each
// column of a panel MR floats in a row, rows past m zero, so a tile reads A through one pointer.
//
// `gemm` computes C[m x w] = A[m x k] * B[k x w]:
//   A and B packed as above; C row-major, `ldc` bytes per row, with MR - 1 rows of scratch after
//   row m (the zero rows of the last panel of A land there; the caller never reads them).
// Loops from the outside in (the classic blocked GEMM): K in blocks of KC (an A block MC x KC stays
// in L2, a B micro-panel KC x NR in L1), M in blocks of MC, panels of B, tiles of MR rows. A tile
// keeps MR x NR sums in registers across its KC steps, each step one splat of A per row and two
// loads of B for 2 * MR vector multiply-adds. A tile narrower than NR (the last columns) works in
// a scratch tile and copies its real columns in and out.
//
// `gemm` returns the multiply-accumulates it performed on real elements, counted once per tile
// from the tile's own bounds: rows min(MR, m - i), columns min(NR, w - j), depth kc.

import { EDGE_TILE, KC, LANE_IX, LANE_IY, MC, MR, NR } from './kernels-layout.js';

const rows = Array.from({ length: MR }, (_, r) => r);
const lanes = Array.from({ length: NR }, (_, l) => l);
const each = (list: number[], f: (r: number) => string): string => list.map(f).join('\n');
const min = (a: string, b: string): string => `(select ${a} ${b} (i32.lt_u ${a} ${b}))`;

/** One register tile: C[MR x NR] (+)= A[MR x kc] * Bpanel[kc x NR]. */
const tile = `
  (func $tile (param $a i32) (param $b i32) (param $c i32) (param $ldc i32) (param $kc i32) (param $first i32)
    (local $end i32) (local $b0 v128) (local $b1 v128) (local $x v128)
${each(rows, (r) => `    (local $c${r}0 v128) (local $c${r}1 v128)`)}
    ;; the first K block starts from zero, later ones add to what C holds
    (if (i32.eqz (local.get $first)) (then
${each(rows, (r) => `      (local.set $c${r}0 (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const ${r})))))
      (local.set $c${r}1 (v128.load offset=16 (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const ${r})))))`)}
    ))
    (local.set $end (i32.add (local.get $b) (i32.mul (local.get $kc) (i32.const ${NR * 4}))))
    (loop $k
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
${each(rows, (r) => `      (local.set $x (v128.load32_splat offset=${r * 4} (local.get $a)))
      (local.set $c${r}0 (f32x4.add (local.get $c${r}0) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c${r}1 (f32x4.add (local.get $c${r}1) (f32x4.mul (local.get $x) (local.get $b1))))`)}
      (local.set $a (i32.add (local.get $a) (i32.const ${MR * 4})))
      (local.set $b (i32.add (local.get $b) (i32.const ${NR * 4})))
      (br_if $k (i32.lt_u (local.get $b) (local.get $end))))
${each(rows, (r) => `    (v128.store (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const ${r}))) (local.get $c${r}0))
    (v128.store offset=16 (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const ${r}))) (local.get $c${r}1))`)}
  )`;

/** Copies the first `nr` columns of MR rows between C (row stride ldc bytes) and the edge tile. */
const edgeCopy = (name: string, from: string, to: string): string => `
  (func ${name} (param $c i32) (param $ldc i32) (param $nr i32)
    (local $r i32) (local $j i32) (local $cell i32) (local $edge i32)
    (loop $rows
      (local.set $j (i32.const 0))
      (loop $cols
        (local.set $cell (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $edge (i32.add (i32.const ${EDGE_TILE}) (i32.shl (i32.add (i32.mul (local.get $r) (i32.const ${NR})) (local.get $j)) (i32.const 2))))
        (f32.store (local.get ${to}) (f32.load (local.get ${from})))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $j) (local.get $nr))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $r) (i32.const ${MR}))))
  )`;

/** The blocked loops around the tile; returns the MACs done on real elements. */
const gemm = `
  (func (export "gemm") (param $m i32) (param $k i32) (param $w i32) (param $a i32)
      (param $b i32) (param $c i32) (param $ldc i32) (result f64)
    (local $pc i32) (local $kc i32) (local $ic i32) (local $icEnd i32) (local $jr i32) (local $ir i32)
    (local $nr i32) (local $mr i32) (local $panel i32) (local $panelBytes i32) (local $cTile i32) (local $aTile i32)
    (local $first i32) (local $macs f64)
    (local.set $panelBytes (i32.mul (local.get $k) (i32.const ${NR * 4})))
    (loop $kBlocks
      (local.set $kc ${min(`(i32.const ${KC})`, '(i32.sub (local.get $k) (local.get $pc))')})
      (local.set $first (i32.eqz (local.get $pc)))
      (local.set $ic (i32.const 0))
      (loop $mBlocks
        (local.set $icEnd ${min(`(i32.add (local.get $ic) (i32.const ${MC}))`, '(local.get $m)')})
        (local.set $jr (i32.const 0))
        (loop $panels
          (local.set $nr ${min(`(i32.const ${NR})`, '(i32.sub (local.get $w) (local.get $jr))')})
          (local.set $panel (i32.add (local.get $b)
            (i32.add (i32.mul (i32.div_u (local.get $jr) (i32.const ${NR})) (local.get $panelBytes))
              (i32.mul (local.get $pc) (i32.const ${NR * 4})))))
          (local.set $ir (local.get $ic))
          (loop $tiles
            (local.set $mr ${min(`(i32.const ${MR})`, '(i32.sub (local.get $m) (local.get $ir))')})
            ;; the tile's rows of packed A at depth pc: panel ir / MR is k * MR floats long
            (local.set $aTile (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $ir) (local.get $k)) (i32.mul (local.get $pc) (i32.const ${MR}))) (i32.const 2))))
            (local.set $cTile (i32.add (local.get $c) (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (i32.shl (local.get $jr) (i32.const 2)))))
            (if (i32.eq (local.get $nr) (i32.const ${NR}))
              (then (call $tile (local.get $aTile) (local.get $panel) (local.get $cTile) (local.get $ldc) (local.get $kc) (local.get $first)))
              (else
                (if (i32.eqz (local.get $first)) (then (call $edgeIn (local.get $cTile) (local.get $ldc) (local.get $nr))))
                (call $tile (local.get $aTile) (local.get $panel) (i32.const ${EDGE_TILE}) (i32.const ${NR * 4}) (local.get $kc) (local.get $first))
                (call $edgeOut (local.get $cTile) (local.get $ldc) (local.get $nr))))
            (local.set $macs (f64.add (local.get $macs)
              (f64.convert_i32_u (i32.mul (i32.mul (local.get $mr) (local.get $nr)) (local.get $kc)))))
            (local.set $ir (i32.add (local.get $ir) (i32.const ${MR})))
            (br_if $tiles (i32.lt_u (local.get $ir) (local.get $icEnd))))
          (local.set $jr (i32.add (local.get $jr) (i32.const ${NR})))
          (br_if $panels (i32.lt_u (local.get $jr) (local.get $w))))
        (local.set $ic (local.get $icEnd))
        (br_if $mBlocks (i32.lt_u (local.get $ic) (local.get $m))))
      (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
      (br_if $kBlocks (i32.lt_u (local.get $pc) (local.get $k))))
    (local.get $macs)
  )`;

/** i8x16.shuffle of f32 lanes: lane l < 4 picks from u, 4..7 from v. */
const shuffle = (u: string, v: string, l: readonly number[]): string =>
  `(i8x16.shuffle ${l.flatMap((x) => [0, 1, 2, 3].map((byte) => 4 * x + byte)).join(' ')} ${u} ${v})`;

/**
 * Packs A (m x k row-major at src) into panels of MR rows (dst): panel i holds A[i*MR + r][kk] at
 * kk*MR + r, rows past m zero. Four real rows go four columns at a time (a 4x4 transpose in
 * registers); the rest element by element.
 */
const packA = `
  (func (export "packA") (param $src i32) (param $m i32) (param $k i32) (param $dst i32)
    (local $i i32) (local $r i32) (local $kk i32) (local $from i32) (local $row i32) (local $rowBytes i32) (local $to i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 2)))
    (loop $panels
      (local.set $from (i32.const 0))
      (if (i32.and (i32.le_u (i32.add (local.get $i) (i32.const ${MR})) (local.get $m)) (i32.ge_u (local.get $k) (i32.const 4)))
        (then
          (local.set $row (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowBytes))))
          (loop $quads
            (local.set $v0 (v128.load (i32.add (local.get $row) (i32.shl (local.get $from) (i32.const 2)))))
            (local.set $v1 (v128.load (i32.add (i32.add (local.get $row) (local.get $rowBytes)) (i32.shl (local.get $from) (i32.const 2)))))
            (local.set $v2 (v128.load (i32.add (i32.add (local.get $row) (i32.shl (local.get $rowBytes) (i32.const 1))) (i32.shl (local.get $from) (i32.const 2)))))
            (local.set $v3 (v128.load (i32.add (i32.add (local.get $row) (i32.mul (local.get $rowBytes) (i32.const 3))) (i32.shl (local.get $from) (i32.const 2)))))
            (local.set $t0 ${shuffle('(local.get $v0)', '(local.get $v1)', [0, 4, 1, 5])})
            (local.set $t1 ${shuffle('(local.get $v0)', '(local.get $v1)', [2, 6, 3, 7])})
            (local.set $t2 ${shuffle('(local.get $v2)', '(local.get $v3)', [0, 4, 1, 5])})
            (local.set $t3 ${shuffle('(local.get $v2)', '(local.get $v3)', [2, 6, 3, 7])})
            (local.set $to (i32.add (local.get $dst) (i32.shl (local.get $from) (i32.const 4))))
            (v128.store (local.get $to) ${shuffle('(local.get $t0)', '(local.get $t2)', [0, 1, 4, 5])})
            (v128.store offset=16 (local.get $to) ${shuffle('(local.get $t0)', '(local.get $t2)', [2, 3, 6, 7])})
            (v128.store offset=32 (local.get $to) ${shuffle('(local.get $t1)', '(local.get $t3)', [0, 1, 4, 5])})
            (v128.store offset=48 (local.get $to) ${shuffle('(local.get $t1)', '(local.get $t3)', [2, 3, 6, 7])})
            (local.set $from (i32.add (local.get $from) (i32.const 4)))
            (br_if $quads (i32.le_u (i32.add (local.get $from) (i32.const 4)) (local.get $k))))))
      (if (i32.lt_u (local.get $from) (local.get $k)) (then
        (local.set $r (i32.const 0))
        (loop $rows
          (local.set $kk (local.get $from))
          (local.set $row (i32.add (local.get $src) (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $rowBytes))))
          (loop $depth
            (local.set $to (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $kk) (i32.const ${MR})) (local.get $r)) (i32.const 2))))
            (if (i32.lt_u (i32.add (local.get $i) (local.get $r)) (local.get $m))
              (then (f32.store (local.get $to) (f32.load (i32.add (local.get $row) (i32.shl (local.get $kk) (i32.const 2))))))
              (else (f32.store (local.get $to) (f32.const 0))))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
            (br_if $depth (i32.lt_u (local.get $kk) (local.get $k))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $rows (i32.lt_u (local.get $r) (i32.const ${MR}))))))
      (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $rowBytes) (i32.const ${MR}))))
      (local.set $i (i32.add (local.get $i) (i32.const ${MR})))
      (br_if $panels (i32.lt_u (local.get $i) (local.get $m))))
  )`;

/**
 * im2col into panels. Per panel, a lane table holds each column's window origin (iy0, ix0); a
 * panel whose NR columns sit in one output row and whose taps of one (i, j) fall inside the input
 * copies them as a run (two vector loads when the stride is 1), any other panel goes lane by lane.
 */
const im2col = `
  (func $lanesOneByOne (param $o i32) (param $plane i32) (param $h i32) (param $w i32) (param $di i32) (param $dj i32)
    (local $l i32) (local $iy i32) (local $ix i32)
    (loop $lanes
      (local.set $iy (i32.add (i32.load offset=${LANE_IY} (i32.shl (local.get $l) (i32.const 2))) (local.get $di)))
      (local.set $ix (i32.add (i32.load offset=${LANE_IX} (i32.shl (local.get $l) (i32.const 2))) (local.get $dj)))
      (if (i32.and (i32.lt_u (local.get $iy) (local.get $h)) (i32.lt_u (local.get $ix) (local.get $w)))
        (then (f32.store (local.get $o) (f32.load (i32.add (local.get $plane)
          (i32.shl (i32.add (i32.mul (local.get $iy) (local.get $w)) (local.get $ix)) (i32.const 2))))))
        (else (f32.store (local.get $o) (f32.const 0))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (local.set $l (i32.add (local.get $l) (i32.const 1)))
      (br_if $lanes (i32.lt_u (local.get $l) (i32.const ${NR}))))
  )
  (func (export "im2col") (param $x i32) (param $cg i32) (param $h i32) (param $w i32) (param $kh i32) (param $kw i32)
      (param $sh i32) (param $sw i32) (param $pt i32) (param $pl i32) (param $dh i32) (param $dw i32)
      (param $wo i32) (param $p0 i32) (param $width i32) (param $dst i32)
    (local $q i32) (local $l i32) (local $p i32) (local $oy i32) (local $o i32) (local $fast i32)
    (local $c i32) (local $i i32) (local $j i32) (local $plane i32) (local $iy i32) (local $ix i32) (local $src i32)
    (local $step i32) (local $span i32)
    (local.set $step (i32.shl (local.get $sw) (i32.const 2)))
    (local.set $span (i32.mul (local.get $sw) (i32.const ${NR - 1})))
    (local.set $o (local.get $dst))
    (loop $panels
      (local.set $l (i32.const 0))
      (loop $laneTable
        (local.set $p (i32.add (local.get $p0) (i32.add (local.get $q) (local.get $l))))
        (local.set $oy (i32.div_u (local.get $p) (local.get $wo)))
        (if (i32.lt_u (i32.add (local.get $q) (local.get $l)) (local.get $width))
          (then
            (i32.store offset=${LANE_IY} (i32.shl (local.get $l) (i32.const 2)) (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $pt)))
            (i32.store offset=${LANE_IX} (i32.shl (local.get $l) (i32.const 2))
              (i32.sub (i32.mul (i32.sub (local.get $p) (i32.mul (local.get $oy) (local.get $wo))) (local.get $sw)) (local.get $pl))))
          ;; a column past the end: a row origin no tap can bring inside, so the lane reads zero
          (else (i32.store offset=${LANE_IY} (i32.shl (local.get $l) (i32.const 2)) (i32.const -1073741824))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br_if $laneTable (i32.lt_u (local.get $l) (i32.const ${NR}))))
      ;; one output row when the last lane is real and starts in the first lane's row
      (local.set $fast (i32.and
        (i32.lt_u (i32.add (local.get $q) (i32.const ${NR - 1})) (local.get $width))
        (i32.eq (i32.load offset=${LANE_IY} (i32.const 0)) (i32.load offset=${LANE_IY} (i32.const ${(NR - 1) * 4})))))
      (local.set $plane (local.get $x))
      (local.set $c (i32.const 0))
      (loop $channels
        (local.set $i (i32.const 0))
        (loop $kRows
          (local.set $iy (i32.add (i32.load offset=${LANE_IY} (i32.const 0)) (i32.mul (local.get $i) (local.get $dh))))
          (local.set $j (i32.const 0))
          (loop $kCols
            (local.set $ix (i32.add (i32.load offset=${LANE_IX} (i32.const 0)) (i32.mul (local.get $j) (local.get $dw))))
            (if (i32.and (local.get $fast) (i32.and (i32.lt_u (local.get $iy) (local.get $h))
                  (i32.and (i32.ge_s (local.get $ix) (i32.const 0)) (i32.lt_s (i32.add (local.get $ix) (local.get $span)) (local.get $w)))))
              (then
                (local.set $src (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $iy) (local.get $w)) (local.get $ix)) (i32.const 2))))
                (if (i32.eq (local.get $sw) (i32.const 1))
                  (then
                    (v128.store (local.get $o) (v128.load (local.get $src)))
                    (v128.store offset=16 (local.get $o) (v128.load offset=16 (local.get $src))))
                  (else
${each(lanes, (l) => `                    (f32.store offset=${l * 4} (local.get $o) (f32.load (i32.add (local.get $src) (i32.mul (local.get $step) (i32.const ${l})))))`)})))
              (else (call $lanesOneByOne (local.get $o) (local.get $plane) (local.get $h) (local.get $w)
                (i32.mul (local.get $i) (local.get $dh)) (i32.mul (local.get $j) (local.get $dw)))))
            (local.set $o (i32.add (local.get $o) (i32.const ${NR * 4})))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $kCols (i32.lt_u (local.get $j) (local.get $kw))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $kRows (i32.lt_u (local.get $i) (local.get $kh))))
        (local.set $plane (i32.add (local.get $plane) (i32.shl (i32.mul (local.get $h) (local.get $w)) (i32.const 2))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $channels (i32.lt_u (local.get $c) (local.get $cg))))
      (local.set $q (i32.add (local.get $q) (i32.const ${NR})))
      (br_if $panels (i32.lt_u (local.get $q) (local.get $width))))
  )`;

/** The functions (part of a module's body): exports packA, gemm and im2col. */
export const GEMM_WAT = `
${tile}
${edgeCopy('$edgeIn', '$cell', '$edge')}
${edgeCopy('$edgeOut', '$edge', '$cell')}
${gemm}
${packA}
${im2col}
`;
