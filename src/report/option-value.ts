// How an option value is written back to people: the form `--set` and `--sweep` take.

/** An option value as `--set` takes it: lists comma-separated, the empty list 'none'. */
export function optionValueText(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(',') : 'none';
  return String(value);
}
