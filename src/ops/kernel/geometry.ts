// What a convolution kernel needs to know of its layer.
/** The attributes the kernel needs (conv2d's, without bias, which comes as its own tensor). */
export interface ConvGeometry {
  readonly outChannels: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** top, left, bottom, right */
  readonly padding: readonly [number, number, number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}
