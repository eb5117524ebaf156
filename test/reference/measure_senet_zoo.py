#!/usr/bin/env python3
"""Reference counts for the SENet paper's zoo entries, measured on real PyTorch modules.

Usage (PyTorch 1.13, torchvision 0.14; no weights are loaded, nothing is downloaded):

    /usr/bin/python3 test/reference/measure_senet_zoo.py CADENE_ROOT \
        [--out test/reference/senet-zoo.json] [--layers test/reference/senet/layers.json] \
        [--modules test/reference/senet/modules.json] [--cadene-rev COMMIT]

CADENE_ROOT is a checkout of github.com/Cadene/pretrained-models.pytorch (the directory holding
`pretrainedmodels/`). Its model files are imported one by one, without the package's __init__
(which needs tqdm and imports every model).

Each model runs once per input size under forward hooks, which record:
- params: sum(p.numel()) over model.parameters() (BN running statistics excluded);
- buffers: elements of the BN running means and variances;
- macs: conv Cout*Hout*Wout*(Cin/groups)*kh*kw plus linear in*out, per image;
- perElement.seScaleMultiplies: elements of each SE module's output (x * gate);
- perElement.sePoolAdds: elements of each SE module's input (the squeeze averages them all);
- perElement.residualAdds: elements of each residual block's output (the sum);
- outputShape (all of these in test/reference/senet-zoo.json, schema flopscope.reference/1);
- in test/reference/senet/layers.json: residualScaleMultiplies (Inception-ResNet-v2: elements
  multiplied by the block's scale) and per layer (conv, linear, pooling, SE, residual block):
  path, shape, MACs;
- in test/reference/senet/modules.json, per model: the path and class of every leaf module in the
  order the forward calls it (a module called again, as SENet's Bottleneck calls its `relu` three times,
  appears again) and the paths of the modules the forward never calls (BN-Inception's
  `global_pool`): the names the zoo's layers are checked against.

The SE variants that the reference code lacks (se_bn_inception, se_inception_resnet_v2,
se_vgg16) are written here on top of the reference modules, with Cadene's SEModule (r = 16).
Each rewritten forward is first checked against the reference forward with SE switched off.
"""
import argparse
import importlib
import json
import sys
import types

import torch
import torch.nn as nn
import torchvision

CADENE = "Cadene pretrainedmodels"
HOOKS = "PyTorch %s forward hooks" % torch.__version__.split("a")[0]


def load_cadene(root):
    """Imports pretrainedmodels.models.<name> files without running the package __init__."""
    for name, sub in (("pretrainedmodels", "pretrainedmodels"), ("pretrainedmodels.models", "pretrainedmodels/models")):
        pkg = types.ModuleType(name)
        pkg.__path__ = ["%s/%s" % (root, sub)]
        sys.modules[name] = pkg
    mods = {}
    for m in ("bninception", "inceptionresnetv2", "senet", "resnext"):
        mods[m] = importlib.import_module("pretrainedmodels.models." + m)
    return mods


# ---------------------------------------------------------------------------------------------
# SE variants the reference code does not have.


def se_bn_inception_class(bni, SEModule):
    """BN-Inception with SE (r = 16) on the output (the concatenation) of each Inception module."""
    MODULES = ("3a", "3b", "3c", "4a", "4b", "4c", "4d", "4e", "5a", "5b")

    class SEBNInception(bni.BNInception):
        def __init__(self, num_classes=1000, se=True):
            super().__init__(num_classes=num_classes)
            for m in MODULES:
                channels = self._channels(m)
                setattr(self, "inception_%s_se" % m, SEModule(channels, 16) if se else nn.Identity())

        def _channels(self, m):
            total = 0
            for part in ("1x1", "3x3", "double_3x3_2", "pool_proj"):
                conv = getattr(self, "inception_%s_%s" % (m, part), None)
                if conv is not None:
                    total += conv.out_channels
            if not hasattr(self, "inception_%s_pool_proj" % m):  # 3c, 4e: the pool passes its input through
                total += getattr(self, "inception_%s_3x3_reduce" % m).in_channels
            return total

        def _cbr(self, m, part, x):
            p = "inception_%s_" % m
            x = getattr(self, p + part)(x)
            x = getattr(self, p + part + "_bn")(x)
            return getattr(self, p + "relu_" + part)(x)

        def _inception(self, m, x):
            outs = []
            if hasattr(self, "inception_%s_1x1" % m):
                outs.append(self._cbr(m, "1x1", x))
            outs.append(self._cbr(m, "3x3", self._cbr(m, "3x3_reduce", x)))
            outs.append(self._cbr(m, "double_3x3_2", self._cbr(m, "double_3x3_1", self._cbr(m, "double_3x3_reduce", x))))
            pool = getattr(self, "inception_%s_pool" % m)(x)
            if hasattr(self, "inception_%s_pool_proj" % m):
                pool = self._cbr(m, "pool_proj", pool)
            outs.append(pool)
            return getattr(self, "inception_%s_se" % m)(torch.cat(outs, 1))

        def features(self, x):
            x = self.pool1_3x3_s2(self.conv1_relu_7x7(self.conv1_7x7_s2_bn(self.conv1_7x7_s2(x))))
            x = self.conv2_relu_3x3_reduce(self.conv2_3x3_reduce_bn(self.conv2_3x3_reduce(x)))
            x = self.pool2_3x3_s2(self.conv2_relu_3x3(self.conv2_3x3_bn(self.conv2_3x3(x))))
            for m in MODULES:
                x = self._inception(m, x)
            return x

    return SEBNInception


class SEResidualForward:
    """Block35/17/8's forward with SE (r = 16) on the up-projection's output, before the scale
    and the add (the reference forward otherwise)."""

    def forward(self, x):
        branches = [getattr(self, b) for b in ("branch0", "branch1", "branch2") if hasattr(self, b)]
        out = torch.cat([b(x) for b in branches], 1)
        out = self.se(self.conv2d(out))
        out = out * self.scale + x
        if not getattr(self, "noReLU", False):
            out = self.relu(out)
        return out


def make_se_inception_resnet_v2(irv2, SEModule, se=True):
    """The reference InceptionResNetV2 with each of its 40 residual blocks given an SE module."""
    model = irv2.InceptionResNetV2(num_classes=1000)
    blocks = [*model.repeat, *model.repeat_1, *model.repeat_2, model.block8]
    assert len(blocks) == 40
    for block in blocks:
        base = type(block)
        block.__class__ = type("SE" + base.__name__, (SEResidualForward, base), {})
        block.se = SEModule(block.conv2d.out_channels, 16) if se else nn.Identity()
    return model


def make_se_vgg16(SEModule, se=True):
    """torchvision's vgg16 (cfg D, no BN) with SE after each conv's ReLU, inserted in `features`
    the way torchvision inserts BN for vgg16_bn (so the indices after it shift)."""
    cfg = torchvision.models.vgg.cfgs["D"]
    layers, cin = [], 3
    for v in cfg:
        if v == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        else:
            layers += [nn.Conv2d(cin, v, kernel_size=3, padding=1), nn.ReLU(inplace=True)]
            if se:
                layers.append(SEModule(v, 16))
            cin = v
    return torchvision.models.VGG(nn.Sequential(*layers))


# ---------------------------------------------------------------------------------------------
# Measuring.


def measure(model, size, residual_types, scale_types=()):
    model.eval()
    layers = []
    calls = []  # [path, class] of each leaf module call, in call order
    called = set()
    totals = {"macs": 0, "seMultiplies": 0, "sePoolAdds": 0, "residualAdds": 0, "residualScaleMultiplies": 0}
    handles = []

    def hook(path):
        def f(module, inputs, output):
            called.add(path)
            if next(module.children(), None) is None:
                calls.append([path, type(module).__name__])
            if not torch.is_tensor(output):  # Cadene's LambdaMap (a ConcatTable) returns a list
                return
            shape = list(output.shape[1:])
            kind, macs = None, 0
            if isinstance(module, nn.Conv2d):
                kind = "conv"
                macs = output[0].numel() * (module.in_channels // module.groups) * module.kernel_size[0] * module.kernel_size[1]
            elif isinstance(module, nn.Linear):
                kind = "linear"
                macs = output[0].numel() * module.in_features
            elif isinstance(module, (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d)):
                kind = type(module).__name__
            elif type(module).__name__ == "SEModule":
                kind = "se"
                totals["seMultiplies"] += output[0].numel()
                totals["sePoolAdds"] += inputs[0][0].numel()  # the squeeze averages every input element
            elif isinstance(module, residual_types):
                kind = "residual"
                totals["residualAdds"] += output[0].numel()
                if isinstance(module, scale_types):
                    totals["residualScaleMultiplies"] += output[0].numel()
            if kind is None:
                return
            totals["macs"] += macs
            layers.append([path, kind, "x".join(str(d) for d in shape), macs])
        return f

    for path, module in model.named_modules():
        if path:
            handles.append(module.register_forward_hook(hook(path)))
    with torch.no_grad():
        out = model(torch.zeros(1, 3, size, size))
    for h in handles:
        h.remove()
    result = {
        "input": "1x3x%dx%d" % (size, size),
        "params": sum(p.numel() for p in model.parameters()),
        "buffers": sum(b.numel() for name, b in model.named_buffers() if name.endswith(("running_mean", "running_var"))),
        "macs": totals["macs"],
        "perElement": {"seScaleMultiplies": totals["seMultiplies"], "sePoolAdds": totals["sePoolAdds"], "residualAdds": totals["residualAdds"]},
        "outputShape": list(out.shape),
    }
    scale = totals["residualScaleMultiplies"] if scale_types else None
    names = {"calls": calls, "uncalled": [p for p, _ in model.named_modules() if p and p not in called]}
    return result, layers, scale, names


def same_forward(a, b, size):
    """Two models with the same weights give the same output (the rewritten forwards are faithful)."""
    b.load_state_dict(a.state_dict())
    a.eval()
    b.eval()
    torch.manual_seed(0)
    x = torch.randn(1, 3, size, size)
    with torch.no_grad():
        return torch.allclose(a(x), b(x), rtol=1e-4, atol=1e-5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cadene_root")
    ap.add_argument("--out", default="test/reference/senet-zoo.json")
    ap.add_argument("--layers", default="test/reference/senet/layers.json")
    ap.add_argument("--modules", default="test/reference/senet/modules.json")
    ap.add_argument("--cadene-rev", default="", help="commit of the Cadene checkout, recorded in each source")
    args = ap.parse_args()
    torch.set_num_threads(1)
    c = load_cadene(args.cadene_root)
    global CADENE
    if args.cadene_rev:
        CADENE = "%s (pretrained-models.pytorch %s)" % (CADENE, args.cadene_rev[:12])
    bni, irv2, senet, resnext = c["bninception"], c["inceptionresnetv2"], c["senet"], c["resnext"]
    SEModule = senet.SEModule
    SEBNInception = se_bn_inception_class(bni, SEModule)

    # The rewritten forwards, SE switched off, against the reference forwards.
    assert same_forward(bni.BNInception(num_classes=1000), SEBNInception(se=False), 225), "BN-Inception rewrite differs"
    assert same_forward(irv2.InceptionResNetV2(num_classes=1000), make_se_inception_resnet_v2(irv2, SEModule, se=False), 299), "IRv2 rewrite differs"
    assert same_forward(torchvision.models.vgg16(weights=None), make_se_vgg16(SEModule, se=False), 64), "VGG rewrite differs"

    senet_res = (senet.Bottleneck,)
    irv2_res = (irv2.Block35, irv2.Block17, irv2.Block8)
    resnext_res = (sys.modules["pretrainedmodels.models.resnext_features.resnext101_32x4d_features"].LambdaReduce,)
    tv_res = ()
    derived = "own SE variant on the reference modules (test/reference/measure_senet_zoo.py), Cadene SEModule r=16"
    models = [
        ("resnext101_32x4d", lambda: resnext.ResNeXt101_32x4d(num_classes=1000), [224, 201], resnext_res, (),
         "%s resnext.py ResNeXt101_32x4d (resnext_features), %s" % (CADENE, HOOKS)),
        ("se_resnext101_32x4d", lambda: senet.se_resnext101_32x4d(pretrained=None), [224, 201, 225], senet_res, (),
         "%s senet.py se_resnext101_32x4d, %s" % (CADENE, HOOKS)),
        ("senet154", lambda: senet.senet154(pretrained=None), [224, 201], senet_res, (),
         "%s senet.py senet154, %s" % (CADENE, HOOKS)),
        ("bn_inception", lambda: bni.BNInception(num_classes=1000), [224, 227], (), (),
         "%s bninception.py BNInception, %s" % (CADENE, HOOKS)),
        ("se_bn_inception", lambda: SEBNInception(), [224, 227], (), (),
         "%s bninception.py BNInception + %s, %s" % (CADENE, derived, HOOKS)),
        ("inception_resnet_v2", lambda: irv2.InceptionResNetV2(num_classes=1000), [299, 315], irv2_res, irv2_res,
         "%s inceptionresnetv2.py InceptionResNetV2, %s" % (CADENE, HOOKS)),
        ("se_inception_resnet_v2", lambda: make_se_inception_resnet_v2(irv2, SEModule), [299, 315], irv2_res, irv2_res,
         "%s inceptionresnetv2.py InceptionResNetV2 + %s, %s" % (CADENE, derived, HOOKS)),
        ("vgg16", lambda: torchvision.models.vgg16(weights=None), [224, 231], tv_res, (),
         "torchvision %s vgg16, %s" % (torchvision.__version__.split("a")[0], HOOKS)),
        ("se_vgg16", lambda: make_se_vgg16(SEModule), [224, 231], tv_res, (),
         "torchvision %s vgg16 + %s, %s" % (torchvision.__version__.split("a")[0], derived, HOOKS)),
    ]
    out = {"schema": "flopscope.reference/1", "generatedBy": "test/reference/measure_senet_zoo.py", "entries": []}
    detail = {
        "about": "Per model and input size: the residual-branch scaling multiplies (Inception-ResNet-v2) and, per layer in "
                 "execution order, [module path, kind, output shape without the batch, MACs].",
        "models": {},
    }
    modules = {}
    for name, make, sizes, res_types, scale_types, source in models:
        model = make()
        detail["models"][name] = {}
        for size in sizes:
            result, layers, scale, names = measure(model, size, res_types, scale_types)
            assert modules.setdefault(name, names) == names, "%s: module calls differ at %d" % (name, size)
            out["entries"].append({"model": name, **result, "source": source})
            detail["models"][name][str(size)] = {**({"residualScaleMultiplies": scale} if scale is not None else {}), "layers": layers}
            print("%-24s %4d params %12d macs %14d se %10d adds %10d out %s" % (
                name, size, result["params"], result["macs"], result["perElement"]["seScaleMultiplies"],
                result["perElement"]["residualAdds"], result["outputShape"]))
        del model
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    with open(args.layers, "w") as f:
        f.write('{"about": %s,\n "models": {\n' % json.dumps(detail["about"]))
        entries = []
        for name, by_size in detail["models"].items():
            sizes = []
            for size, d in by_size.items():
                rows = ",\n".join("    " + json.dumps(l, separators=(",", ":")) for l in d["layers"])
                head = ('"residualScaleMultiplies": %d, ' % d["residualScaleMultiplies"]) if "residualScaleMultiplies" in d else ""
                sizes.append('  "%s": {%s"layers": [\n%s\n  ]}' % (size, head, rows))
            entries.append(' "%s": {\n%s\n }' % (name, ",\n".join(sizes)))
        f.write(",\n".join(entries))
        f.write("\n}}\n")
    with open(args.modules, "w") as f:
        about = ("Per model: [path, class] of every leaf module in the order the forward calls it (again for each "
                 "further call) and the paths of the modules (leaves or containers) the forward never calls.")
        f.write('{"about": %s,\n "models": {\n' % json.dumps(about))
        paths = lambda ps: "[\n" + ",\n".join("   " + json.dumps(p, separators=(",", ":")) for p in ps) + "\n  ]" if ps else "[]"
        f.write(",\n".join(' "%s": {\n  "calls": %s,\n  "uncalled": %s\n }' % (name, paths(m["calls"]), paths(m["uncalled"]))
                            for name, m in modules.items()))
        f.write("\n}}\n")


if __name__ == "__main__":
    main()
