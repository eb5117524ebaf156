import { defineArchitecture } from '../src/dsl/family.js';
import { resnetFamily } from './resnet.js';
import { senetFamily } from './senet154.js';

const v1 = { stride_on: '1x1' } as const;
const senet = { ...v1, se: true, reduction: 16 } as const;

export const resnetZoo = [
  defineArchitecture({ name: 'resnet18', description: 'ResNet-18 (torchvision)', family: resnetFamily, options: { depth: '18' } }),
  defineArchitecture({ name: 'resnet34', description: 'ResNet-34 (torchvision)', family: resnetFamily, options: { depth: '34' } }),
  defineArchitecture({ name: 'resnet50', description: 'ResNet-50 v1.5 (torchvision: stride on the 3x3 conv)', family: resnetFamily, options: { depth: '50' } }),
  defineArchitecture({ name: 'resnet101', description: 'ResNet-101 v1.5 (torchvision)', family: resnetFamily, options: { depth: '101' } }),
  defineArchitecture({ name: 'resnet152', description: 'ResNet-152 v1.5 (torchvision)', family: resnetFamily, options: { depth: '152' } }),
  defineArchitecture({ name: 'resnet50_v1', description: 'ResNet-50 original layout (stride on the first 1x1), the SENet baseline', family: resnetFamily, options: { depth: '50', ...v1 } }),
  defineArchitecture({ name: 'resnet101_v1', description: 'ResNet-101 original layout (stride on the first 1x1)', family: resnetFamily, options: { depth: '101', ...v1 } }),
  defineArchitecture({ name: 'resnet152_v1', description: 'ResNet-152 original layout (stride on the first 1x1)', family: resnetFamily, options: { depth: '152', ...v1 } }),
  defineArchitecture({ name: 'se_resnet50', description: 'SE-ResNet-50 (SENet reference: v1 layout, SE r=16 before the add)', family: resnetFamily, options: { depth: '50', ...senet } }),
  defineArchitecture({ name: 'se_resnet101', description: 'SE-ResNet-101 (SENet reference)', family: resnetFamily, options: { depth: '101', ...senet } }),
  defineArchitecture({ name: 'se_resnet152', description: 'SE-ResNet-152 (SENet reference)', family: resnetFamily, options: { depth: '152', ...senet } }),
  defineArchitecture({ name: 'resnext50_32x4d', description: 'ResNeXt-50 32x4d (torchvision)', family: resnetFamily, options: { depth: '50', groups: 32, width_per_group: 4 } }),
  defineArchitecture({ name: 'se_resnext50_32x4d', description: 'SE-ResNeXt-50 32x4d (SENet reference, SE r=16)', family: resnetFamily, options: { depth: '50', groups: 32, width_per_group: 4, se: true } }),
  defineArchitecture({ name: 'resnext101_32x4d', description: 'ResNeXt-101 32x4d (Cadene pretrainedmodels; torchvision layout and names)', family: resnetFamily, options: { depth: '101', groups: 32, width_per_group: 4 } }),
  // Cadene's senet.py builds it with its SENet class, and the zoo does too (its module names: layer0.conv1, se_module, last_linear).
  defineArchitecture({ name: 'se_resnext101_32x4d', description: 'SE-ResNeXt-101 32x4d (Cadene pretrainedmodels: SE r=16, ceil_mode stem pool)', family: senetFamily, options: { block: 'se_resnext', depth: '101', groups: 32, width_per_group: 4, stem: '7x7', downsample: '1x1', dropout: 0 } }),
];
