// The zoo: every built-in architecture by name.
import type { Architecture } from '../src/dsl/family.js';
import { mobileZoo } from './mobile-zoo.js';
import { resnetZoo } from './resnet-zoo.js';
import { senetZoo } from './senet-zoo.js';

export const ZOO = [...resnetZoo, ...mobileZoo, ...senetZoo] as const satisfies readonly Architecture[];

/** A built-in architecture's name, as the commands take it. */
export type ZooName = (typeof ZOO)[number]['name'];
