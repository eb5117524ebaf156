// Zoo entries from the SENet paper's Table 2 beyond ResNet and VGG, and its winning SENet-154,
// all after Cadene's pretrainedmodels.
import { defineArchitecture } from '../src/dsl/family.js';
import { bnInceptionFamily } from './bn_inception.js';
import { inceptionResnetV2Family } from './inception_resnet_v2.js';
import { senetFamily } from './senet154.js';

export const senetZoo = [
  defineArchitecture({ name: 'bn_inception', description: 'BN-Inception (Cadene pretrainedmodels, Caffe layer names)', family: bnInceptionFamily }),
  defineArchitecture({ name: 'se_bn_inception', description: 'SE-BN-Inception (SENet: SE r=16 on the output of each Inception module)', family: bnInceptionFamily, options: { se: true } }),
  defineArchitecture({ name: 'inception_resnet_v2', description: 'Inception-ResNet-v2 (Cadene pretrainedmodels, 299x299)', family: inceptionResnetV2Family, input: '1x3x299x299' }),
  defineArchitecture({ name: 'se_inception_resnet_v2', description: 'SE-Inception-ResNet-v2 (SENet: SE r=16 on each of the 40 residual branches, before the scaling)', family: inceptionResnetV2Family, options: { se: true }, input: '1x3x299x299' }),
  defineArchitecture({ name: 'senet154', description: 'SENet-154 (Cadene pretrainedmodels: 3-conv stem, 64 groups, SE r=16, dropout 0.2)', family: senetFamily }),
];
