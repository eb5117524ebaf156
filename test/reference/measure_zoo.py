#!/usr/bin/python3
"""Measures the PyTorch reference of every flopscope zoo entry and writes test/reference/zoo.json.

Run with the Python that has PyTorch 1.13 and torchvision 0.14 (no downloads, no pretrained
weights): /usr/bin/python3 test/reference/measure_zoo.py

Each model is built in PyTorch (torchvision where torchvision has it, otherwise written below
after the paper or the reference implementation, never after flopscope's code) and run forward
once on zeros. What a run records:
- params: sum(p.numel() for p in model.parameters())
- buffers: elements of BatchNorm running_mean and running_var (the bookkeeping scalar
  num_batches_tracked is not counted)
- macs: forward hooks on Conv2d (output elements * Cin/groups * kh * kw) and Linear (output
  elements * in_features); any other module that owns parameters stops the script
- perElement.seScaleMultiplies / sePoolAdds: forward hooks on every SE module (its output
  elements, and its input elements, which its global average pool sums)
- perElement.residualAdds: a torch function mode that sees every tensor addition of the real
  forward pass and sums the elements of each result (an addition of two tensors that differ in
  shape, or of a tensor and a number, stops the script: none is expected)
- outputShape: the shape of the model's output
"""
import json
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torch.overrides import TorchFunctionMode
from torchvision.models import get_model_weights
from torchvision.models.resnet import Bottleneck, ResNet
from torchvision.ops import SqueezeExcitation

OUT = Path(__file__).resolve().parent / "zoo.json"
TV = "torchvision " + ".".join(torchvision.__version__.split(".")[:2])
MEASURED = "PyTorch " + ".".join(torch.__version__.split(".")[:2]) + " forward hooks"
DEFAULT = (1, 3, 224, 224)
ODD = (1, 3, 193, 257)
# A few models also at batch 2, one of them at a small odd size.
BATCH2 = {
    "resnet50": [(2, 3, 224, 224)],
    "se_resnet50": [(2, 3, 224, 224), (2, 3, 97, 131)],
    "mobilenet_v3_small": [(2, 3, 224, 224)],
    "shufflenet_v1_g3": [(2, 3, 224, 224)],
    "se_shufflenet_v2_x1_0": [(2, 3, 97, 131)],
    "efficientnet_b0": [(2, 3, 224, 224)],
}


# --- SENet's block (Hu et al.): squeeze, two FCs as 1x1 convs with bias, sigmoid, scale -------

class SEModule(nn.Module):
    """SENet reference SE block: avg pool, fc1 (C -> C // r), ReLU, fc2 (-> C), sigmoid, x * s."""

    def __init__(self, channels, reduction=16):
        super().__init__()
        self.avg_pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, channels // reduction, kernel_size=1, bias=True)
        self.relu = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(channels // reduction, channels, kernel_size=1, bias=True)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        s = self.sigmoid(self.fc2(self.relu(self.fc1(self.avg_pool(x)))))
        return x * s


# --- ResNet: the original v1 layout and SENet's SE-ResNet / SE-ResNeXt ------------------------

def move_stride_to_first_1x1(model):
    """The original ResNet (and the SENet Caffe release): a downsampling bottleneck strides on
    conv1 (1x1), not on conv2 (3x3) as torchvision's v1.5 does. The projection keeps its stride."""
    for layer in (model.layer1, model.layer2, model.layer3, model.layer4):
        first = layer[0]
        stride = first.conv2.stride
        first.conv1.stride, first.conv2.stride = stride, (1, 1)
    return model


class SEBottleneck(Bottleneck):
    """torchvision's Bottleneck with SENet's block after bn3, before the residual add."""

    def __init__(self, inplanes, planes, *args, **kwargs):
        super().__init__(inplanes, planes, *args, **kwargs)
        self.se = SEModule(planes * self.expansion, reduction=16)

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        out = self.se(out)
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


def resnet_v1(layers):
    return move_stride_to_first_1x1(ResNet(Bottleneck, layers))


def se_resnet(layers):
    return move_stride_to_first_1x1(ResNet(SEBottleneck, layers))


def se_resnext50_32x4d():
    # SENet's SE-ResNeXt (Cadene's port of the Caffe release) keeps the stride on the grouped
    # 3x3 conv, with width floor(planes * base_width / 64) * groups as torchvision.
    return ResNet(SEBottleneck, [3, 4, 6, 3], groups=32, width_per_group=4)


# --- MobileNet v1 (Howard et al. 2017, Table 1) and SENet's SE-MobileNet ----------------------

class MobileNetV1(nn.Module):
    """Paper Table 1: 3x3 conv s2 (32), 13 depthwise-separable blocks (3x3 depthwise, 1x1
    pointwise), each conv followed by BN and ReLU, global average pool, FC 1024 -> 1000. The
    paper's Avg Pool 7x7 is the global pool at 224; here it is global at every size. Table 1
    prints the last depthwise conv as s2, but its sizes (7x7 in, 7x7 out) and the 569M total
    need stride 1, as every port has it. With se, SENet's block follows each pointwise conv's BN
    and ReLU."""

    BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
              (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]

    def __init__(self, se=False, num_classes=1000):
        super().__init__()

        def conv_bn_relu(cin, cout, k, stride, groups):
            return [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]

        layers = [nn.Sequential(*conv_bn_relu(3, 32, 3, 2, 1))]
        cin = 32
        for cout, stride in self.BLOCKS:
            block = conv_bn_relu(cin, cin, 3, stride, cin) + conv_bn_relu(cin, cout, 1, 1, 1)
            if se:
                block.append(SEModule(cout, reduction=16))
            layers.append(nn.Sequential(*block))
            cin = cout
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(1024, num_classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.avgpool(self.features(x)), 1))


# --- ShuffleNet v1 (megvii-model/ShuffleNet-Series, ShuffleNetV1) ------------------------------

class ShuffleV1Block(nn.Module):
    """megvii's ShuffleV1Block: grouped 1x1 (plain for the first block), BN, ReLU, 3x3
    depthwise, BN, channel shuffle, grouped 1x1, BN; stride 1: relu(x + branch), stride 2:
    cat(avgpool3x3s2(x), relu(branch)). With se, SENet's block follows the branch's last BN."""

    def __init__(self, inp, oup, group, first_group, stride, se):
        super().__init__()
        self.stride, self.group = stride, group
        mid = oup // 4
        outputs = oup - inp if stride == 2 else oup
        self.branch_main_1 = nn.Sequential(
            nn.Conv2d(inp, mid, 1, 1, 0, groups=1 if first_group else group, bias=False),
            nn.BatchNorm2d(mid),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid, mid, 3, stride, 1, groups=mid, bias=False),
            nn.BatchNorm2d(mid),
        )
        self.branch_main_2 = nn.Sequential(nn.Conv2d(mid, outputs, 1, 1, 0, groups=group, bias=False), nn.BatchNorm2d(outputs))
        self.se = SEModule(outputs, reduction=16) if se else None
        if stride == 2:
            self.branch_proj = nn.AvgPool2d(kernel_size=3, stride=2, padding=1)

    def channel_shuffle(self, x):
        n, c, h, w = x.shape
        return x.reshape(n, c // self.group, self.group, h, w).permute(0, 2, 1, 3, 4).reshape(n, c, h, w)

    def forward(self, old_x):
        x = self.branch_main_1(old_x)
        if self.group > 1:
            x = self.channel_shuffle(x)
        x = self.branch_main_2(x)
        if self.se is not None:
            x = self.se(x)
        if self.stride == 1:
            return F.relu(x + old_x)
        return torch.cat((self.branch_proj(old_x), F.relu(x)), 1)


class ShuffleNetV1(nn.Module):
    """megvii's ShuffleNetV1, model_size 1.0x, group 3: stage channels 240, 480, 960, first conv
    24, repeats 4, 8, 4, bias-free classifier. megvii pools with AvgPool2d(7), which is the
    global pool at 224 only; the paper's Table 1 says global pool, used here at every size."""

    def __init__(self, group=3, se=False, num_classes=1000):
        super().__init__()
        stage_out = [240, 480, 960]
        cin = 24
        self.first_conv = nn.Sequential(nn.Conv2d(3, cin, 3, 2, 1, bias=False), nn.BatchNorm2d(cin), nn.ReLU(inplace=True))
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        blocks = []
        for s, (repeats, cout) in enumerate(zip([4, 8, 4], stage_out)):
            for i in range(repeats):
                blocks.append(ShuffleV1Block(cin, cout, group, s == 0 and i == 0, 2 if i == 0 else 1, se))
                cin = cout
        self.features = nn.Sequential(*blocks)
        self.globalpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Linear(stage_out[-1], num_classes, bias=False))

    def forward(self, x):
        x = self.features(self.maxpool(self.first_conv(x)))
        return self.classifier(torch.flatten(self.globalpool(x), 1))


# --- SE-ShuffleNet V2: torchvision's units with SENet's block at the end of branch2 -----------

def se_shufflenet_v2_x1_0():
    model = torchvision.models.shufflenet_v2_x1_0(weights=None)
    for stage in (model.stage2, model.stage3, model.stage4):
        for unit in stage:
            unit.branch2.add_module("se", SEModule(unit.branch2[5].out_channels, reduction=16))
    return model


def tv(name):
    """A torchvision model: (builder, source, torchvision name)."""
    return (lambda: getattr(torchvision.models, name)(weights=None), f"{TV} {name}", name)


def tv_params(name):
    """torchvision's documented parameter count (the weights' metadata; nothing is downloaded)."""
    counts = {w.meta["num_params"] for w in get_model_weights(name)}
    assert len(counts) == 1, (name, counts)
    return counts.pop()


SENET_REF = "SENet reference design (Hu et al.; Caffe release / Cadene port): SE r=16 after the branch's last BN, before the add, FCs as 1x1 convs with bias"
V1_REF = TV + " ResNet with the stride moved to the first 1x1 of each downsampling bottleneck (original layout)"
SE_STEM = "; torchvision's stem (the Caffe release pools with ceil_mode and no padding: the same at 224)"

# name -> (builder, source, torchvision name or None). Sources say what produced the figures.
MODELS = {
    "resnet18": tv("resnet18"),
    "resnet34": tv("resnet34"),
    "resnet50": tv("resnet50"),
    "resnet101": tv("resnet101"),
    "resnet152": tv("resnet152"),
    "resnet50_v1": (lambda: resnet_v1([3, 4, 6, 3]), V1_REF + ", depth 50", None),
    "resnet101_v1": (lambda: resnet_v1([3, 4, 23, 3]), V1_REF + ", depth 101", None),
    "resnet152_v1": (lambda: resnet_v1([3, 8, 36, 3]), V1_REF + ", depth 152", None),
    "se_resnet50": (lambda: se_resnet([3, 4, 6, 3]), SENET_REF + ", on the v1-layout ResNet-50" + SE_STEM, None),
    "se_resnet101": (lambda: se_resnet([3, 4, 23, 3]), SENET_REF + ", on the v1-layout ResNet-101" + SE_STEM, None),
    "se_resnet152": (lambda: se_resnet([3, 8, 36, 3]), SENET_REF + ", on the v1-layout ResNet-152" + SE_STEM, None),
    "resnext50_32x4d": tv("resnext50_32x4d"),
    "se_resnext50_32x4d": (se_resnext50_32x4d, SENET_REF + ", on " + TV + " resnext50_32x4d (stride on the grouped 3x3, as SENet's SE-ResNeXt)" + SE_STEM, None),
    "mobilenet_v1": (MobileNetV1, "MobileNet v1 1.0 written after the paper's Table 1 (no conv biases, BN + ReLU after every conv, FC with bias)", None),
    "se_mobilenet_v1": (lambda: MobileNetV1(se=True), "MobileNet v1 1.0 after the paper's Table 1, SENet's block (r=16, FCs as 1x1 convs with bias) after each of the 13 pointwise convs' BN + ReLU", None),
    "mobilenet_v2": tv("mobilenet_v2"),
    "mobilenet_v3_large": tv("mobilenet_v3_large"),
    "mobilenet_v3_small": tv("mobilenet_v3_small"),
    "shufflenet_v1_g3": (ShuffleNetV1, "ShuffleNet v1 1.0x g=3 written after megvii-model/ShuffleNet-Series ShuffleNetV1 (global pool in place of AvgPool2d(7))", None),
    "se_shufflenet_v1_g3": (lambda: ShuffleNetV1(se=True), "ShuffleNet v1 1.0x g=3 after megvii's ShuffleNetV1, SENet's block (r=16) after the branch's last BN, before the add/concat", None),
    "shufflenet_v2_x0_5": tv("shufflenet_v2_x0_5"),
    "shufflenet_v2_x1_0": tv("shufflenet_v2_x1_0"),
    "shufflenet_v2_x1_5": tv("shufflenet_v2_x1_5"),
    "shufflenet_v2_x2_0": tv("shufflenet_v2_x2_0"),
    "se_shufflenet_v2_x1_0": (se_shufflenet_v2_x1_0, TV + " shufflenet_v2_x1_0 with SENet's block (r=16) appended to every unit's branch2, before the concat", None),
    "vgg16": tv("vgg16"),
    "efficientnet_b0": tv("efficientnet_b0"),
}

# Exact published integers at 1x3x224x224 (reference/NUMBERS.md section 1); the script stops if a
# measurement disagrees, so a `published` note always states an agreement.
NUMBERS_MD = {
    "resnet18": {"params": 11_689_512, "macs": 1_814_073_344},
    "resnet34": {"params": 21_797_672, "macs": 3_663_761_408},
    "resnet50": {"params": 25_557_032, "macs": 4_089_184_256},
    "resnet50_v1": {"params": 25_557_032, "macs": 3_857_973_248},
    "resnet101": {"params": 44_549_160, "macs": 7_801_405_440},
    "mobilenet_v2": {"params": 3_504_872, "macs": 300_774_272},
    "mobilenet_v3_large": {"params": 5_483_032, "macs": 216_589_760},
    "shufflenet_v2_x1_0": {"params": 2_278_604, "macs": 144_907_992},
    "se_resnet50": {"params": 28_088_024, "macs": 3_860_488_192, "seScaleMultiplies": 5_519_360, "sePoolAdds": 5_519_360, "residualAdds": 5_519_360},
    "mobilenet_v1": {"params": 4_231_976, "macs": 568_740_352},
    "se_mobilenet_v1": {"params": 4_718_044, "macs": 569_220_096, "seScaleMultiplies": 2_709_504},
    "shufflenet_v1_g3": {"params": 1_864_728, "macs": 137_460_672},
}
# Rounded published figures at 1x3x224x224, each with the rounding that reproduces it; the script
# stops if one does not.
def scaled(x, unit, digits):
    return round(x / unit, digits)


PAPERS = {
    "resnet50_v1": ("SENet Table 2: 3.86 GFLOPs", lambda m: scaled(m["macs"], 1e9, 2) == 3.86),
    "se_resnet50": ("SENet Table 2: 3.87 GFLOPs (MACs + scale multiplies); Table 10: 28.1M params",
                    lambda m: scaled(m["macs"] + m["perElement"]["seScaleMultiplies"], 1e9, 2) == 3.87 and scaled(m["params"], 1e6, 1) == 28.1),
    "mobilenet_v1": ("MobileNet paper Table 6: 569M mult-adds, 4.2M params", lambda m: scaled(m["macs"], 1e6, 0) == 569 and scaled(m["params"], 1e6, 1) == 4.2),
    "se_mobilenet_v1": ("SENet Table 3: 572 MFLOPs (MACs + scale multiplies), 4.7M params",
                        lambda m: scaled(m["macs"] + m["perElement"]["seScaleMultiplies"], 1e6, 0) == 572 and scaled(m["params"], 1e6, 1) == 4.7),
    "shufflenet_v1_g3": ("ShuffleNet paper Table 1: 137 MFLOPs", lambda m: scaled(m["macs"], 1e6, 0) == 137),
}


class AddCounter(TorchFunctionMode):
    """Sees every torch function of the forward pass: sums the elements of each tensor + tensor
    addition (the residual adds) and of each broadcast multiply (the SE scale, a cross-check of
    the SE hooks)."""

    ADDS = {"add", "add_", "__add__", "__iadd__", "__radd__"}
    MULS = {"mul", "mul_", "__mul__", "__imul__", "__rmul__"}

    def __init__(self):
        super().__init__()
        self.adds = 0
        self.broadcast_muls = 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        name = getattr(func, "__name__", "")
        if name in self.ADDS:
            a, b = args[0], args[1]
            if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and a.shape == b.shape):
                raise SystemExit(f"unexpected addition {name} of {getattr(a, 'shape', a)} and {getattr(b, 'shape', b)}")
            self.adds += out.numel()
        elif name in self.MULS:
            a, b = args[0], args[1]
            if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and a.shape != b.shape:
                self.broadcast_muls += out.numel()
        return out


def measure(model, shape):
    model.eval()
    counts = {"macs": 0, "seScaleMultiplies": 0, "sePoolAdds": 0}

    def conv_hook(m, inputs, out):
        kh, kw = m.kernel_size
        counts["macs"] += out.numel() * (m.in_channels // m.groups) * kh * kw

    def linear_hook(m, inputs, out):
        counts["macs"] += out.numel() * m.in_features

    def se_hook(m, inputs, out):
        counts["sePoolAdds"] += inputs[0].numel()
        counts["seScaleMultiplies"] += out.numel()

    handles = []
    buffers = 0
    for name, m in model.named_modules():
        if isinstance(m, nn.Conv2d):
            handles.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            handles.append(m.register_forward_hook(linear_hook))
        elif isinstance(m, (SEModule, SqueezeExcitation)):
            handles.append(m.register_forward_hook(se_hook))
        if isinstance(m, nn.BatchNorm2d):
            buffers += m.running_mean.numel() + m.running_var.numel()
        elif any(True for _ in m.parameters(recurse=False)) and not isinstance(m, (nn.Conv2d, nn.Linear)):
            raise SystemExit(f"{name}: {type(m).__name__} owns parameters and has no MAC rule here")
    other = [n for n, _ in model.named_buffers() if not n.endswith(("running_mean", "running_var", "num_batches_tracked"))]
    if other:
        raise SystemExit(f"unexpected buffers {other}")

    with torch.no_grad(), AddCounter() as adder:
        out = model(torch.zeros(shape))
    for h in handles:
        h.remove()
    if adder.broadcast_muls != counts["seScaleMultiplies"]:
        raise SystemExit(f"broadcast multiplies {adder.broadcast_muls} != SE hook outputs {counts['seScaleMultiplies']}")
    return {
        "params": sum(p.numel() for p in model.parameters()),
        "buffers": buffers,
        "macs": counts["macs"],
        "perElement": {"seScaleMultiplies": counts["seScaleMultiplies"], "sePoolAdds": counts["sePoolAdds"], "residualAdds": adder.adds},
        "outputShape": list(out.shape),
    }


def json_int(v):
    return v if v <= 2**53 - 1 else str(v)


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    entries = []
    for name, (build, source, tv_name) in MODELS.items():
        model = build()
        for shape in [DEFAULT, ODD] + BATCH2.get(name, []):
            m = measure(model, shape)
            published = []
            if shape == DEFAULT:
                ref = NUMBERS_MD.get(name, {})
                for key, value in ref.items():
                    got = m[key] if key in m else m["perElement"][key]
                    if got != value:
                        raise SystemExit(f"{name}: measured {key} {got}, NUMBERS.md section 1 gives {value}")
                if ref:
                    published.append("NUMBERS.md section 1 row " + name + " (" + ", ".join(f"{k} {v:,}" for k, v in ref.items()) + ")")
                if tv_name:
                    documented = tv_params(tv_name)
                    if documented != m["params"]:
                        raise SystemExit(f"{name}: measured {m['params']} params, torchvision documents {documented}")
                    published.append(f"{TV} weights metadata: num_params {documented:,}")
                if name in PAPERS:
                    paper, agrees = PAPERS[name]
                    if not agrees(m):
                        raise SystemExit(f"{name}: {m['params']} params, {m['macs']} MACs do not round to {paper}")
                    published.append(paper)
            entry = {
                "model": name,
                "input": "x".join(map(str, shape)),
                "params": json_int(m["params"]),
                "buffers": json_int(m["buffers"]),
                "macs": json_int(m["macs"]),
                "perElement": {k: json_int(v) for k, v in m["perElement"].items()},
                "outputShape": m["outputShape"],
                "source": f"{source}; {MEASURED}",
            }
            if published:
                entry["published"] = "; ".join(published)
            entries.append(entry)
            print(f"{name:24s} {entry['input']:14s} params {m['params']:>11,} macs {m['macs']:>15,} {m['perElement']} {m['outputShape']}", file=sys.stderr)
    doc = {"schema": "flopscope.reference/1", "generatedBy": "test/reference/measure_zoo.py", "entries": entries}
    OUT.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"wrote {len(entries)} entries to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
