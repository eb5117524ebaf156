// The zoo: every built-in architecture by name.
import type { Architecture } from '../src/dsl/family.js';
import { mobileZoo } from './mobile-zoo.js';
import { resnetZoo } from './resnet-zoo.js';
import { senetZoo } from './senet-zoo.js';

export const ZOO: readonly Architecture[] = [...resnetZoo, ...mobileZoo, ...senetZoo];
