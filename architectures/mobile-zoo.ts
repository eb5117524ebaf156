// Zoo entries beyond ResNet: MobileNet v1/v2/v3, ShuffleNet v1/v2, VGG, EfficientNet.
import { defineArchitecture } from '../src/dsl/family.js';
import { efficientnetFamily } from './efficientnet.js';
import { mobilenetV1Family } from './mobilenet_v1.js';
import { mobilenetV2Family } from './mobilenet_v2.js';
import { mobilenetV3Family } from './mobilenet_v3.js';
import { shufflenetV1Family } from './shufflenet_v1.js';
import { shufflenetV2Family } from './shufflenet_v2.js';
import { vggFamily } from './vgg.js';

export const mobileZoo = [
  defineArchitecture({ name: 'mobilenet_v1', description: 'MobileNet v1 1.0 (paper Table 1, no conv biases)', family: mobilenetV1Family }),
  defineArchitecture({ name: 'se_mobilenet_v1', description: 'SE-MobileNet v1 (SENet: SE r=16 after each of the 13 pointwise convs)', family: mobilenetV1Family, options: { se: true } }),
  defineArchitecture({ name: 'mobilenet_v2', description: 'MobileNetV2 1.0 (torchvision)', family: mobilenetV2Family }),
  defineArchitecture({ name: 'mobilenet_v3_large', description: 'MobileNetV3-Large 1.0 (torchvision)', family: mobilenetV3Family, options: { size: 'large' } }),
  defineArchitecture({ name: 'mobilenet_v3_small', description: 'MobileNetV3-Small 1.0 (torchvision)', family: mobilenetV3Family, options: { size: 'small' } }),
  defineArchitecture({ name: 'shufflenet_v1_g3', description: 'ShuffleNet v1 1x, g=3 (megvii reference implementation)', family: shufflenetV1Family, options: { groups: 3 } }),
  defineArchitecture({ name: 'se_shufflenet_v1_g3', description: 'SE-ShuffleNet v1 1x, g=3 (SE r=16 on the residual branch before the add/concat)', family: shufflenetV1Family, options: { groups: 3, se: true } }),
  defineArchitecture({ name: 'shufflenet_v2_x0_5', description: 'ShuffleNet V2 0.5x (torchvision)', family: shufflenetV2Family, options: { width: 0.5 } }),
  defineArchitecture({ name: 'shufflenet_v2_x1_0', description: 'ShuffleNet V2 1.0x (torchvision)', family: shufflenetV2Family, options: { width: 1 } }),
  defineArchitecture({ name: 'shufflenet_v2_x1_5', description: 'ShuffleNet V2 1.5x (torchvision)', family: shufflenetV2Family, options: { width: 1.5 } }),
  defineArchitecture({ name: 'shufflenet_v2_x2_0', description: 'ShuffleNet V2 2.0x (torchvision)', family: shufflenetV2Family, options: { width: 2 } }),
  defineArchitecture({ name: 'se_shufflenet_v2_x1_0', description: 'SE-ShuffleNet V2 1.0x (SE r=16 at the end of branch2, before the concat)', family: shufflenetV2Family, options: { width: 1, se: true } }),
  defineArchitecture({ name: 'vgg16', description: 'VGG-16 (torchvision, no BN)', family: vggFamily, options: { depth: '16' } }),
  defineArchitecture({ name: 'se_vgg16', description: "SE-VGG-16 (SENet: SE r=16 after each conv's ReLU; torchvision vgg16, no BN)", family: vggFamily, options: { depth: '16', se: true } }),
  defineArchitecture({ name: 'efficientnet_b0', description: 'EfficientNet-B0 (torchvision)', family: efficientnetFamily }),
];
