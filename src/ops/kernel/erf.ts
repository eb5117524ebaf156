// The error function to double precision (JavaScript's Math has none). Two expansions, each used
// where it converges fast and without cancellation:
//   |x| < 3:  erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))
//             (Abramowitz & Stegun 7.1.6): every term positive, so no digits cancel;
//   |x| >= 3: erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
//             (A&S 7.1.14), evaluated by the modified Lentz method; erf = 1 - erfc.
// Both are accurate to a few units in the last place of a double, far inside float32's 6e-8.

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SERIES_LIMIT = 3;
/** erfc(6) < 2.2e-17: erf is 1 in double precision beyond this. */
const SATURATION = 6;
const TINY = 1e-300;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x >= SERIES_LIMIT: the continued fraction x + a1/(x + a2/(x + ...)), a_k = k/2. */
function erfcContinuedFraction(x: number): number {
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? TINY : d;
    c = x + a / c;
    c = c === 0 ? TINY : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** erfc(x) = 1 - erf(x), without the cancellation of that subtraction in the tail. */
export function erfc(x: number): number {
  return x >= SERIES_LIMIT ? erfcContinuedFraction(x) : 1 - erf(x);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a >= SATURATION) return Math.sign(x);
  const v = a < SERIES_LIMIT ? erfSeries(a) : 1 - erfcContinuedFraction(a);
  return x < 0 ? -v : v;
}
