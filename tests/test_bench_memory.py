"""Each function's memory in .chalice/config.json is what benchmarks/memory.py chooses from the
last measured CPU (benchmarks/results.json): the figures drive the setting, not the other way round."""
import json

from benchmarks import memory
from conftest import ROOT


def test_the_configured_memory_is_the_models_choice_from_the_measured_cpu():
    cold = json.loads((ROOT / "benchmarks" / "results.json").read_text())["cold"]
    assert {function: mb for function, (mb, _why) in memory.choose(cold).items()} == memory.configured()


def test_cpu_share_grows_with_memory_up_to_one_vcpu():
    assert memory.duration_ms(100, 1769, 0) == 100
    assert memory.duration_ms(100, 3538, 0) == 100      # one thread gets no more than one vCPU
    assert round(memory.duration_ms(100, 128, 30)) == round(100 * 1769 / 128 + 30)
