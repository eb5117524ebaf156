// The device model as a library: profiles, the roofline prediction, calibration.
export { DEVICE_SCHEMA, loadDeviceProfile, parseDeviceProfile, type DeviceProfile, type Provenance, type MeasuredWith } from './profile.js';
export { predictLatency, rooflineSeconds, type LatencyPrediction, type KernelPrediction, type LayerPrediction, type Bound } from './roofline.js';
export { calibrate, type CalibrateOptions } from './calibrate.js';
