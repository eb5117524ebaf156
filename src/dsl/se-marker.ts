// The one marker of squeeze-and-excitation: se() tags every layer it makes with it, the ONNX
// importer tags the layers of an SE pattern with it, and the `paper` convention, reports, profiles
// and what-if all read it through `isSE`.
export const SE_TAG = 'se';

export function isSE(tags: readonly string[]): boolean {
  return tags.includes(SE_TAG);
}
