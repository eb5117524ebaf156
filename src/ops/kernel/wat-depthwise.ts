// The WebAssembly text of the SIMD depthwise convolution: groups of one input channel, any channel
// multiplier. Each input plane is copied into a zero border first, so every tap of every window,
// padded ones included, is multiplied (Cin/groups * kh * kw MACs per output, the cost model's
// convention). Each tap of the filter is added across a whole output row (which stays in L1),
// four neighbouring outputs at a time in one f32x4, reading their inputs as one vector load when
// the stride is 1 and lane by lane otherwise; the outputs left at the end of a row go one at a
// time. Every output sums its taps in the filter's order, starting from zero.
//
//   depthwise(x, channels, h, w, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, ho, wo, perGroup,
//             weight, out, padded) -> MACs
// x: channels planes of h x w; weight: channels * perGroup filters of kh x kw; out: channels *
// perGroup planes of ho x wo; padded: room for one plane with its border. The MACs returned are
// counted per output row from the row's bounds: wo * kh * kw.

const loop = (label: string, counter: string, limit: string, body: string): string => `
      (local.set ${counter} (i32.const 0))
      (if (i32.lt_u (local.get ${counter}) ${limit}) (then
        (loop ${label}
${body}
          (local.set ${counter} (i32.add (local.get ${counter}) (i32.const 1)))
          (br_if ${label} (i32.lt_u (local.get ${counter}) ${limit})))))`;

/** The input under tap (i, j) of four neighbouring outputs starting at byte address $at. */
const fourInputs = `(if (result v128) (i32.eq (local.get $sw) (i32.const 1))
                (then (v128.load (local.get $at)))
                (else (f32x4.replace_lane 3 (f32x4.replace_lane 2 (f32x4.replace_lane 1
                  (f32x4.splat (f32.load (local.get $at)))
                  (f32.load (i32.add (local.get $at) (local.get $step))))
                  (f32.load (i32.add (local.get $at) (i32.shl (local.get $step) (i32.const 1)))))
                  (f32.load (i32.add (local.get $at) (i32.mul (local.get $step) (i32.const 3)))))))`;

export const DEPTHWISE_WAT = `
  (func (export "depthwise") (param $x i32) (param $channels i32) (param $h i32) (param $w i32)
      (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32)
      (param $pt i32) (param $pl i32) (param $pb i32) (param $pr i32) (param $ho i32) (param $wo i32)
      (param $perGroup i32) (param $weight i32) (param $out i32) (param $padded i32) (result f64)
    (local $pw i32) (local $c i32) (local $y i32) (local $mi i32) (local $filter i32) (local $plane i32)
    (local $oy i32) (local $ox i32) (local $i i32) (local $j i32) (local $row i32) (local $at i32) (local $tap i32)
    (local $step i32) (local $outRow i32) (local $o i32) (local $tapValue f32) (local $tapVector v128) (local $macs f64)
    (local.set $pw (i32.add (i32.add (local.get $pl) (local.get $w)) (local.get $pr)))
    (local.set $step (i32.shl (local.get $sw) (i32.const 2)))
    (local.set $filter (local.get $weight))
    (local.set $plane (local.get $out))
${loop('$channels', '$c', '(local.get $channels)', `
      ;; the plane inside its zero border
      (memory.fill (local.get $padded) (i32.const 0)
        (i32.shl (i32.mul (i32.add (i32.add (local.get $pt) (local.get $h)) (local.get $pb)) (local.get $pw)) (i32.const 2)))
${loop('$rows', '$y', '(local.get $h)', `
          (memory.copy
            (i32.add (local.get $padded) (i32.shl (i32.add (i32.mul (i32.add (local.get $pt) (local.get $y)) (local.get $pw)) (local.get $pl)) (i32.const 2)))
            (i32.add (local.get $x) (i32.shl (i32.mul (i32.add (i32.mul (local.get $c) (local.get $h)) (local.get $y)) (local.get $w)) (i32.const 2)))
            (i32.shl (local.get $w) (i32.const 2)))`)}
${loop('$filters', '$mi', '(local.get $perGroup)', `
${loop('$outRows', '$oy', '(local.get $ho)', `
          (local.set $outRow (i32.add (local.get $plane) (i32.shl (i32.mul (local.get $oy) (local.get $wo)) (i32.const 2))))
          (memory.fill (local.get $outRow) (i32.const 0) (i32.shl (local.get $wo) (i32.const 2)))
          (local.set $tap (local.get $filter))
${loop('$kRows', '$i', '(local.get $kh)', `
${loop('$kCols', '$j', '(local.get $kw)', `
              (local.set $tapValue (f32.load (local.get $tap)))
              (local.set $tapVector (f32x4.splat (local.get $tapValue)))
              ;; the input under this tap for output column 0 of the row
              (local.set $row (i32.add (local.get $padded) (i32.shl (i32.add
                (i32.mul (i32.add (i32.mul (local.get $oy) (local.get $sh)) (i32.mul (local.get $i) (local.get $dh))) (local.get $pw))
                (i32.mul (local.get $j) (local.get $dw))) (i32.const 2))))
              (local.set $ox (i32.const 0))
              (local.set $at (local.get $row))
              (local.set $o (local.get $outRow))
              (if (i32.ge_u (local.get $wo) (i32.const 4)) (then
                (loop $fours
                  (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (f32x4.mul (local.get $tapVector)
                    ${fourInputs})))
                  (local.set $at (i32.add (local.get $at) (i32.shl (local.get $step) (i32.const 2))))
                  (local.set $o (i32.add (local.get $o) (i32.const 16)))
                  (local.set $ox (i32.add (local.get $ox) (i32.const 4)))
                  (br_if $fours (i32.le_u (i32.add (local.get $ox) (i32.const 4)) (local.get $wo))))))
              (if (i32.lt_u (local.get $ox) (local.get $wo)) (then
                (loop $ones
                  (f32.store (local.get $o) (f32.add (f32.load (local.get $o)) (f32.mul (local.get $tapValue) (f32.load (local.get $at)))))
                  (local.set $at (i32.add (local.get $at) (local.get $step)))
                  (local.set $o (i32.add (local.get $o) (i32.const 4)))
                  (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                  (br_if $ones (i32.lt_u (local.get $ox) (local.get $wo))))))
              (local.set $tap (i32.add (local.get $tap) (i32.const 4)))`)}`)}
          (local.set $macs (f64.add (local.get $macs) (f64.convert_i32_u (i32.mul (local.get $wo) (i32.mul (local.get $kh) (local.get $kw))))))`)}
          (local.set $filter (i32.add (local.get $filter) (i32.shl (i32.mul (local.get $kh) (local.get $kw)) (i32.const 2))))
          (local.set $plane (i32.add (local.get $plane) (i32.shl (i32.mul (local.get $ho) (local.get $wo)) (i32.const 2))))`)}`)}
    (local.get $macs)
  )`;
