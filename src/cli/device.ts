// --device FILE: the device profile a command predicts time with, read relative to the working folder.
import { resolve } from 'node:path';
import { loadDeviceProfile, type DeviceProfile } from '../device/profile.js';
import { displayPath } from '../paths.js';
import type { CliIO } from './io.js';

export const DEVICE_OPTION_HELP = 'a device profile (flopscope.device/1, from flopscope calibrate): adds the predicted time';

export function loadDeviceFlag(file: string, io: CliIO): DeviceProfile {
  const path = resolve(io.cwd, file);
  return loadDeviceProfile(path, displayPath(path, io.cwd));
}
