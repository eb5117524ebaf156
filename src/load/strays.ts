// Errors user code throws outside any call while a file loads (a zero-delay timer, a promise
// nobody awaited) belong to that load: the binary's process-level handler hands them here first,
// so the load fails with them (an error row under check, a broken file under list) instead of the
// whole run ending.

/** What a timer or an unawaited promise threw while a file loaded. */
export class StrayError {
  constructor(readonly error: unknown) {}
}

let catcher: ((e: StrayError) => void) | undefined;

/** Hands `e` to the load in progress; false when none is. */
export function strayError(e: unknown): boolean {
  if (!catcher) return false;
  catcher(new StrayError(e));
  return true;
}

/** Runs a load; a stray error while it runs makes it fail with a StrayError. */
export async function catchingStrays<T>(run: () => Promise<T>): Promise<T> {
  let fail: (e: StrayError) => void = () => {};
  const stray = new Promise<never>((_, reject) => {
    fail = reject;
  });
  stray.catch(() => {}); // settled after the load: nobody is left to tell
  const previous = catcher;
  catcher = fail;
  try {
    return await Promise.race([run(), stray]);
  } finally {
    catcher = previous;
  }
}
