// Names made unique with a numbered suffix (relu, relu_1, relu_2, ...) in time linear in the
// names: the next number to try is remembered per base name, so 20,000 layers all called 'relu'
// do not each try every number before theirs. Used by the IR builder and the ONNX importer.
export class UniqueNames {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();

  /** `base` when it is free, else `base_1`, `base_2`, ...: the first one not taken. */
  fresh(base: string): string {
    let name = base;
    if (this.used.has(name)) {
      let i = this.next.get(base) ?? 1;
      while (this.used.has((name = `${base}_${i}`))) i++;
      this.next.set(base, i + 1);
    }
    this.used.add(name);
    return name;
  }
}
