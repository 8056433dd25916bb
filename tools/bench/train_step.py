#!/usr/bin/python3
"""Train-step time in Python PyTorch for the models of trainer/src/{models,backbones,fc_rnn}.cpp.

`synhead bench train` runs this beside its own C++ (libtorch) step to report the ratio C++ / Python, so the
networks below mirror the C++ definitions layer for layer: same layers, shapes, parameter names, parameter
counts and initialisation. A step is the one of trainer/src/training.cpp: forward on frames [B, T, 3, S, S],
the l2 loss against targets [B, T, 3], zero_grad, backward, soft gradient clipping (grad_clip.cpp) and an Adam
step; the figure is the median wall time of the timed steps after the warm-up steps.

Usage (each --case is comma-separated key=value; keys backbone, variant, size, width, and optionally warmup,
steps and params, the parameter count C++ has for that model: a different count here is an error):

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/bench/train_step.py --threads 2 \
      --case backbone=tiny,variant=perframe,size=64,width=1

Output: one JSON line on stdout, {"torch": version, "threads": n, "cases": [{backbone, variant, input_size,
width, params, step_ms}, ...]}; on failure {"error": kind, "message": text} and a non-zero exit status
(3: parameter counts differ, 4: torch cannot be imported, 2: bad arguments). Logs go to stderr.
"""

import argparse
import json
import statistics
import sys
import time

EXIT_PARAM_MISMATCH = 3
EXIT_NO_TORCH = 4


def fail(kind, message, status):
    print(f"train_step.py: {message}", file=sys.stderr)
    print(json.dumps({"error": kind, "message": message}), flush=True)
    sys.exit(status)


try:
    import torch
    from torch import nn
except ImportError as error:  # the caller reports the Python figures as missing, with this reason
    fail("torch_missing", f"{sys.executable} cannot import torch ({error}); install python3-torch", EXIT_NO_TORCH)


def scaled(channels, width):
    # C++ uses std::llround (halves away from zero); Python's round() would round halves to even.
    return max(1, int(channels * width + 0.5))


def conv(cin, cout, kernel, stride, bias):
    layer = nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=bias)
    nn.init.kaiming_normal_(layer.weight, mode="fan_out", nonlinearity="relu")
    if bias:
        nn.init.zeros_(layer.bias)
    return layer


def relu_linear(cin, cout):
    layer = nn.Linear(cin, cout)
    nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
    nn.init.zeros_(layer.bias)
    return layer


def output_linear(cin, cout):
    layer = nn.Linear(cin, cout)
    nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="linear")
    nn.init.zeros_(layer.bias)
    return layer


class TinyBackbone(nn.Module):
    def __init__(self, width):
        super().__init__()
        layers, cin = [], 3
        for block in range(5):
            cout = scaled(16 << block, width)
            layers += [conv(cin, cout, 3, 1, False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True), nn.MaxPool2d(2)]
            cin = cout
        self.features = nn.Sequential(*layers)
        self.feature_size = cin

    def forward(self, images):
        return self.features(images).mean((2, 3))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = conv(cin, cout, 3, stride, False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = conv(cout, cout, 3, 1, False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(conv(cin, cout, 1, stride, False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + (self.downsample(x) if self.downsample is not None else x))


class ResNet18Backbone(nn.Module):
    def __init__(self, width):
        super().__init__()
        cin = scaled(64, width)
        self.conv1 = conv(3, cin, 7, 2, False)
        self.bn1 = nn.BatchNorm2d(cin)
        for stage in range(4):
            cout = scaled(64 << stage, width)
            stride = 1 if stage == 0 else 2
            setattr(self, f"layer{stage + 1}", nn.Sequential(BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)))
            cin = cout
        self.feature_size = cin

    def forward(self, images):
        x = torch.max_pool2d(torch.relu(self.bn1(self.conv1(images))), 3, 2, 1)
        for stage in range(4):
            x = getattr(self, f"layer{stage + 1}")(x)
        return x.mean((2, 3))


class Vgg16Backbone(nn.Module):
    STAGES = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]

    def __init__(self, width, input_size):
        super().__init__()
        layers, cin = [], 3
        for stage in self.STAGES:
            for channels in stage:
                cout = scaled(channels, width)
                layers += [conv(cin, cout, 3, 1, True), nn.ReLU(inplace=True)]
                cin = cout
            layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        side = input_size // 32
        fc = scaled(4096, width)
        # Named 0, 1, 3, 4 like the C++ classifier (torchvision's dropouts sat at 2 and 5).
        self.classifier = nn.Sequential()
        self.classifier.add_module("0", relu_linear(cin * side * side, fc))
        self.classifier.add_module("1", nn.ReLU(inplace=True))
        self.classifier.add_module("3", relu_linear(fc, fc))
        self.classifier.add_module("4", nn.ReLU(inplace=True))
        self.feature_size = fc

    def forward(self, images):
        return self.classifier(self.features(images).flatten(1))


def make_backbone(name, width, input_size):
    if name == "tiny":
        return TinyBackbone(width)
    if name == "resnet18":
        return ResNet18Backbone(width)
    if name == "vgg16":
        return Vgg16Backbone(width, input_size)
    raise ValueError(f"unknown backbone '{name}' (expected tiny, resnet18 or vgg16)")


def sequence_features(backbone, frames):
    return backbone(frames.flatten(0, 1)).unflatten(0, (frames.size(0), frames.size(1)))


class FcRnn(nn.Module):
    """Paper eq. 5 with one variational dropout mask per sequence for the input, the recurrent input and the output."""

    def __init__(self, input_size, hidden_size, dropout, input_dropout):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(hidden_size, input_size))
        self.bias = nn.Parameter(torch.zeros(hidden_size))
        self.weight_hh = nn.Parameter(torch.zeros(hidden_size, hidden_size))  # whh_init "zero" (the default)
        self.dropout = dropout
        self.input_dropout = input_dropout
        nn.init.kaiming_normal_(self.weight, mode="fan_in", nonlinearity="relu")

    @staticmethod
    def sequence_mask(shape, like, p):
        return torch.empty(shape, dtype=like.dtype).bernoulli_(1.0 - p).div_(1.0 - p)

    def forward(self, inputs):
        batch, hidden = inputs.size(0), self.weight.size(0)
        x, recurrent_mask, output_mask = inputs, None, None
        if self.training and self.input_dropout > 0:
            x = x * self.sequence_mask((batch, 1, inputs.size(2)), inputs, self.input_dropout)
        if self.training and self.dropout > 0:
            recurrent_mask = self.sequence_mask((batch, hidden), inputs, self.dropout)
            output_mask = self.sequence_mask((batch, 1, hidden), inputs, self.dropout)
        projected = nn.functional.linear(x, self.weight, self.bias).unbind(1)
        outputs = [torch.relu(projected[0])]
        for step in projected[1:]:
            previous = outputs[-1] * recurrent_mask if recurrent_mask is not None else outputs[-1]
            outputs.append(torch.relu(step + nn.functional.linear(previous, self.weight_hh)))
        stacked = torch.stack(outputs, 1)
        return stacked * output_mask if output_mask is not None else stacked


class PerFrameModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.backbone = make_backbone(c.backbone, c.width, c.input_size)
        self.input_dropout = nn.Dropout(c.input_dropout)
        self.fc = relu_linear(self.backbone.feature_size, c.fc_units)
        self.dropout = nn.Dropout(c.dropout)
        self.out = output_linear(c.fc_units, c.outputs)

    def forward(self, frames):
        return self.out(self.dropout(torch.relu(self.fc(self.input_dropout(sequence_features(self.backbone, frames))))))


class RnnModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.backbone = make_backbone(c.backbone, c.width, c.input_size)
        self.fc = FcRnn(self.backbone.feature_size, c.fc_units, c.dropout, c.input_dropout)
        self.out = output_linear(c.fc_units, c.outputs)

    def forward(self, frames):
        return self.out(self.fc(sequence_features(self.backbone, frames)))


class PostRnnModel(nn.Module):
    """A frozen per-frame model (always in eval mode) whose estimates a GRU corrects."""

    def __init__(self, c):
        super().__init__()
        self.perframe = PerFrameModel(c)
        self.gru = nn.GRU(c.outputs, c.postrnn_units, batch_first=True)
        self.correction = nn.Linear(c.postrnn_units, c.outputs)
        for parameter in self.perframe.parameters():
            parameter.requires_grad_(False)
        nn.init.zeros_(self.correction.weight)
        nn.init.zeros_(self.correction.bias)
        self.perframe.eval()

    def train(self, mode=True):
        super().train(mode)
        self.perframe.eval()
        return self

    def forward(self, frames):
        with torch.no_grad():
            estimates = self.perframe(frames)
        return estimates + self.correction(self.gru(estimates)[0])


class ModelConfig:
    """The ModelConfig fields the step depends on; defaults as model_config.h (outputs: pose = 3 values)."""

    def __init__(self, backbone, variant, input_size, width):
        self.backbone, self.variant, self.input_size, self.width = backbone, variant, input_size, width
        self.outputs, self.fc_units, self.dropout, self.postrnn_units = 3, 1024, 0.25, 128
        self.input_dropout = 0.0


def make_model(c):
    models = {"perframe": PerFrameModel, "rnn": RnnModel, "postrnn": PostRnnModel}
    if c.variant not in models:
        raise ValueError(f"unknown variant '{c.variant}' (expected perframe, postrnn or rnn)")
    return models[c.variant](c)


def soft_clip_gradients(parameters, tau):
    # As grad_clip.cpp: the norm summed in double, one value per tensor; non-finite norms leave gradients alone.
    grads = [p.grad for p in parameters if p.grad is not None]
    norm = sum(g.to(torch.float64).square().sum().item() for g in grads) ** 0.5
    if norm == norm and norm != float("inf") and norm > tau:
        for g in grads:
            g.mul_(tau / norm)
    return norm


def time_case(case, args):
    """Median milliseconds of one train step, and the model's parameter count."""
    torch.manual_seed(args.seed)
    config = ModelConfig(case["backbone"], case["variant"], case["size"], case["width"])
    model = make_model(config)
    params = sum(p.numel() for p in model.parameters())
    if "params" in case and params != case["params"]:
        fail("param_mismatch",
             f"{case['variant']} {case['backbone']} x{case['width']} @{case['size']}px has {params} parameters "
             f"here but {case['params']} in C++: tools/bench/train_step.py no longer mirrors trainer/src",
             EXIT_PARAM_MISMATCH)
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=args.lr, weight_decay=args.weight_decay)
    frames = torch.randn(args.batch, args.window, 3, config.input_size, config.input_size)
    targets = torch.randn(args.batch, args.window, config.outputs)
    times_ms = []
    for step in range(case["warmup"] + case["steps"]):
        start = time.perf_counter()
        loss = nn.functional.mse_loss(model(frames), targets)
        optimizer.zero_grad()
        loss.backward()
        soft_clip_gradients(trainable, args.tau)
        optimizer.step()
        if step >= case["warmup"]:
            times_ms.append((time.perf_counter() - start) * 1e3)
    return params, statistics.median(times_ms)


def parse_case(text, args):
    case = {"warmup": args.warmup, "steps": args.steps}
    types = {"backbone": str, "variant": str, "size": int, "width": float, "warmup": int, "steps": int, "params": int}
    for item in text.split(","):
        key, _, value = item.partition("=")
        if key not in types:
            raise argparse.ArgumentTypeError(f"--case {text}: unknown key '{key}' (expected {', '.join(types)})")
        case[key] = types[key](value)
    missing = [key for key in ("backbone", "variant", "size", "width") if key not in case]
    if missing:
        raise argparse.ArgumentTypeError(f"--case {text}: missing {', '.join(missing)}")
    if case["steps"] < 1 or case["warmup"] < 0:
        raise argparse.ArgumentTypeError(f"--case {text}: needs steps >= 1 and warmup >= 0")
    return case


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", action="append", required=True, help="backbone=…,variant=…,size=…,width=…[,warmup=…,steps=…,params=…]")
    parser.add_argument("--threads", type=int, required=True, help="torch intra-op threads (as the C++ run)")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--window", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=2, help="untimed steps per case (default for --case)")
    parser.add_argument("--steps", type=int, default=5, help="timed steps per case (default for --case)")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--tau", type=float, default=10.0, help="soft gradient clipping threshold")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    try:
        cases = [parse_case(text, args) for text in args.case]
    except (argparse.ArgumentTypeError, ValueError) as error:
        parser.error(str(error))

    torch.set_num_threads(args.threads)
    results = []
    for case in cases:
        params, step_ms = time_case(case, args)
        print(f"train_step.py: {case['variant']} {case['backbone']} @{case['size']}px: {step_ms:.1f} ms/step",
              file=sys.stderr)
        results.append({"backbone": case["backbone"], "variant": case["variant"], "input_size": case["size"],
                        "width": case["width"], "params": params, "step_ms": step_ms})
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "cases": results}), flush=True)


if __name__ == "__main__":
    main()
