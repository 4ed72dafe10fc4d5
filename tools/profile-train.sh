#!/usr/bin/env bash
# Where a training step's time goes: samples `dx7 bench train` with perf (software cpu-clock: no hardware counters are
# needed, so it works under a VM) and sums the samples by kind of work. The JIT's perf map names the managed frames.
# Usage: tools/profile-train.sh [--steps N] [other bench train options]   (needs perf: apt-get install linux-perf)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dll="$root/src/NeuralDx7.Cli/bin/Release/net8.0/dx7.dll"
[ -f "$dll" ] || dotnet build "$root/src/NeuralDx7.Cli" -c Release -v q -nologo >/dev/null
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
    perf record -q -e cpu-clock -F 999 -o "$data/perf.data" -- dotnet "$dll" bench train "${@:---steps=60}" >&2
perf report -i "$data/perf.data" --no-children --sort dso,symbol -g none --stdio -t $'\t' 2>/dev/null | python3 -c '
import re, sys
kinds = [
    ("GEMM (kernels, packing, tiling)", r"Kernels\.Gemm|PackedWeight|Gemm::"),
    ("attention (scores, softmax, gathers)", r"SelfAttention|Softmax|AttentionLayout|InferenceAttention"),
    ("LayerNorm", r"LayerNorm"),
    ("GELU", r"Gelu|Erf"),
    ("FiLM, flows, losses", r"Film|Flow|Triangular|CrossEntropy|Kl|Losses"),
    ("element-wise (TensorPrimitives, transposes, copies)", r"TensorPrimitives|Transpose|Memmove|MoveRun|Subnormals|Arithmetic|Reductions|Add|Mul"),
    ("optimiser and clipping", r"AdamW|Clip"),
    ("zeroing and page faults (allocation)", r"memset|page_fault|clear_page|TensorPool|GC|gc_heap|Allocate"),
    ("threading (waits, wakes, scheduling)", r"finish_task_switch|futex|Thread|Parallel|Monitor|Spin|schedule|Barrier|WaitHandle|LowLevel"),
    ("peak measurement (not training)", r"PeakBenchmark"),
    ("the runtime: JIT, tier-0 code, GC", r"libclrjit|libcoreclr|QuickJitted|strcmp|tls_get_addr|System.Private.CoreLib"),
]
totals, whole = {}, 0.0
for line in sys.stdin:
    m = re.match(r"\s*([0-9.]+)%\s*\t(.*)", line)
    if not m:
        continue
    share, symbol = float(m.group(1)), m.group(2)
    whole += share
    kind = next((k for k, pattern in kinds if re.search(pattern, symbol)), "other (runtime, JIT, the rest)")
    totals[kind] = totals.get(kind, 0) + share
for kind, share in sorted(totals.items(), key=lambda kv: -kv[1]):
    print(f"{share:6.1f}%  {kind}")
print(f"{whole:6.1f}%  in all")
'
