"""The scenario and the command line of poolscope_record: the same JSON and the same flags, with the same
rules, as `poolscope run --scenario` and `poolscope run`.
"""

import argparse
import json
import math
import os
import re

from poolscope_record_calls import (ENGINES, MAX_INPUT, MAX_TASK_SECONDS, MAX_WORKERS, MODES, SCENARIO_KEYS,
                                    WORKLOADS, InputError)

# ----------------------------------------------------------------------------------------------------
# The scenario (same JSON and the same rules as `poolscope run --scenario`).

def _type_name(value):
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def _integer(value, key):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError('scenario key "%s" must be an integer, not %s' % (key, _type_name(value)))
    if isinstance(value, float):
        if not math.isfinite(value) or value != math.floor(value) or abs(value) >= 9.0e15:
            raise InputError('scenario key "%s" must be an integer, not a number' % key)
        value = int(value)
    if abs(value) > 2**63 - 1:
        raise InputError('scenario key "%s" is too large' % key)
    return value


def parse_scenario(text):
    def reject_constant(name):
        raise InputError("the scenario is not valid JSON: %s is not a number JSON allows" % name)

    try:
        root = json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError("the scenario is not valid JSON: %s" % exc) from exc
    except RecursionError as exc:
        raise InputError("the scenario is not valid JSON: it is nested too deeply") from exc
    if not isinstance(root, dict):
        raise InputError('a scenario must be a JSON object, such as {"durations": [1, 2, 3]}')
    scenario = {"mode": "map", "workers": 3, "chunksize": 0, "workload": "sleep", "fail_task": None}
    inputs = durations = None
    for key, value in root.items():
        if key == "mode":
            if not isinstance(value, str):
                raise InputError('scenario key "mode" must be a string, not %s' % _type_name(value))
            if value not in MODES:
                raise InputError('unknown mode "%s" in the scenario (use map, imap or imap_unordered)' % value)
            scenario["mode"] = value
        elif key == "workers":
            scenario["workers"] = _integer(value, key)
        elif key == "chunksize":
            scenario["chunksize"] = _integer(value, key)
            if scenario["chunksize"] < 1:
                raise InputError("chunksize must be 1 or more, not %d (leave it out for Python's default)"
                                 % scenario["chunksize"])
        elif key == "workload":
            if not isinstance(value, str):
                raise InputError('scenario key "workload" must be a string, not %s' % _type_name(value))
            if value not in WORKLOADS:
                raise InputError('unknown workload "%s" in the scenario (use sleep, spin, crash or raise)'
                                 % value)
            scenario["workload"] = value
        elif key == "inputs":
            if not isinstance(value, list):
                raise InputError('scenario key "inputs" must be a list, not %s' % _type_name(value))
            inputs = []
            for item in value:
                if isinstance(item, bool) or not isinstance(item, (int, float)):
                    raise InputError("input %d of the scenario must be an integer, not %s"
                                     % (len(inputs), _type_name(item)))
                inputs.append(_integer(item, "inputs"))
        elif key == "durations":
            if not isinstance(value, list):
                raise InputError('scenario key "durations" must be a list, not %s' % _type_name(value))
            durations = []
            for item in value:
                if isinstance(item, bool) or not isinstance(item, (int, float)):
                    raise InputError("duration %d of the scenario must be a number of seconds, not %s"
                                     % (len(durations), _type_name(item)))
                durations.append(float(item))
        elif key == "fail_task":
            if value is not None:
                index = _integer(value, key)
                if index < 0:
                    raise InputError("fail_task must be a task index, 0 or more, not %d" % index)
                scenario["fail_task"] = index
        else:
            raise InputError('unknown key "%s" in the scenario (allowed: %s)' % (key, ", ".join(SCENARIO_KEYS)))
    if durations is None:
        raise InputError('the scenario has no "durations" list (seconds, one per task)')
    scenario["durations"] = durations
    scenario["inputs"] = inputs if inputs is not None else list(range(1, len(durations) + 1))
    if scenario["fail_task"] is None and scenario["workload"] in ("crash", "raise"):
        scenario["fail_task"] = 0
    return scenario


def validate(s):
    if not 1 <= s["workers"] <= MAX_WORKERS:
        raise InputError("workers must be between 1 and %d, not %d" % (MAX_WORKERS, s["workers"]))
    if s["chunksize"] < 0:
        raise InputError("chunksize must be 1 or more, not %d" % s["chunksize"])
    if not s["durations"]:
        raise InputError("the scenario has no tasks: give at least one duration")
    if len(s["inputs"]) != len(s["durations"]):
        raise InputError("there are %d inputs but %d durations; give one duration per input"
                         % (len(s["inputs"]), len(s["durations"])))
    for i, d in enumerate(s["durations"]):
        if not math.isfinite(d):
            raise InputError("duration of task %d is not a finite number" % i)
        if d < 0:
            raise InputError("duration of task %d is negative (%g); durations are seconds, 0 or more" % (i, d))
        if d > MAX_TASK_SECONDS:
            raise InputError("duration of task %d is %g s; the longest allowed is %g s" % (i, d, MAX_TASK_SECONDS))
    for i, value in enumerate(s["inputs"]):
        if abs(value) > MAX_INPUT:
            raise InputError("input of task %d is too large to double" % i)
    failing = s["workload"] in ("crash", "raise")
    if s["fail_task"] is not None:
        if not failing:
            raise InputError("a failing task only makes sense with the crash or raise workload, not %s"
                             % s["workload"])
        if s["fail_task"] >= len(s["durations"]):
            raise InputError("the failing task %d does not exist: tasks are 0 to %d"
                             % (s["fail_task"], len(s["durations"]) - 1))
    if s["workload"] == "crash":
        raise InputError("--workload crash is not recorded: Python's Pool waits forever for a task whose "
                         "worker died (PoolScope's pool does not; use poolscope run for that lesson)")


def load_scenario(path):
    if os.path.isdir(path):
        raise InputError("scenario %s is a directory" % path)
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("cannot read scenario file %s" % path) from exc
    try:
        return parse_scenario(text)
    except InputError as exc:
        raise InputError("%s: %s" % (path, exc)) from exc


def presets_dir():
    # The script lives in resources/python/; the presets in resources/presets/.
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "presets")


def load_preset(name):
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or name.startswith("."):
        raise InputError('unknown preset "%s"' % name)
    path = os.path.join(presets_dir(), name + ".json")
    if not os.path.isfile(path):
        known = sorted(f[:-5] for f in os.listdir(presets_dir()) if f.endswith(".json")) \
            if os.path.isdir(presets_dir()) else []
        raise InputError('unknown preset "%s" (known: %s)' % (name, ", ".join(known) or "none found in "
                                                               + presets_dir()))
    return load_scenario(path)


# ----------------------------------------------------------------------------------------------------
# The command line (the same flags as `poolscope run`).

class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise InputError(message)


def _number_list(text, flag, convert, what):
    values = []
    for part in text.split(","):
        part = part.strip()
        try:
            value = convert(part)
        except ValueError:
            raise InputError("%s: \"%s\" is not %s" % (flag, part, what)) from None
        values.append(value)
    return values


def _integer_text(text):
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(text)
    return int(text)


def _float_text(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def build_parser():
    parser = _Parser(prog="poolscope_record.py", add_help=True,
                     description="Run a scenario through Python's multiprocessing.Pool (or "
                                 "ProcessPoolExecutor, or Dask) and write a PoolScope trace (same flags as "
                                 "`poolscope run`).")
    parser.add_argument("--mode", choices=MODES + ("all",))
    parser.add_argument("--workers")
    parser.add_argument("--chunksize")
    parser.add_argument("--inputs")
    parser.add_argument("--durations")
    parser.add_argument("--workload", choices=WORKLOADS)
    parser.add_argument("--fail-task")
    parser.add_argument("--preset")
    parser.add_argument("--scenario")
    parser.add_argument("--trace")
    parser.add_argument("--engine", choices=tuple(ENGINES), default="pool",
                        help="what runs the tasks: multiprocessing.Pool, ProcessPoolExecutor or Dask distributed")
    parser.add_argument("--scheduler", help="with --engine dask: the address of a running scheduler "
                                            "(tcp://host:port) instead of a LocalCluster")
    parser.add_argument("--label", help="name of the runs in PoolScope's compare view (default: the engine's)")
    parser.add_argument("--quiet", action="store_true")
    for flag in ("--csv", "--png", "--svg", "--pdf", "--size", "--theme"):
        parser.add_argument(flag, help=argparse.SUPPRESS)
    return parser


def _positive_int(text, flag):
    try:
        return _integer_text(text.strip())
    except ValueError:
        raise InputError("%s must be a whole number, not \"%s\"" % (flag, text)) from None


def _merge_tasks(s, inputs, durations, base_name):
    """Inputs and durations as `poolscope run` merges them: flags win; a single duration repeats;
    inputs default to 1..N."""
    base_has_tasks = bool(s["durations"])
    if durations is not None:
        if inputs is not None:
            if len(durations) == 1:
                durations = durations * len(inputs)
            elif len(durations) != len(inputs):
                raise InputError("--inputs has %d values but --durations has %d; give one duration per input, "
                                 "or one for all" % (len(inputs), len(durations)))
            s["inputs"] = inputs
        elif base_has_tasks and len(durations) == 1:
            durations = durations * len(s["inputs"])
        elif not (base_has_tasks and len(s["inputs"]) == len(durations)):
            s["inputs"] = list(range(1, len(durations) + 1))
        s["durations"] = durations
    elif inputs is not None:
        if not base_has_tasks:
            raise InputError("--inputs needs --durations too (seconds per task, or one value for all tasks)")
        if len(s["durations"]) != len(inputs):
            if len(set(s["durations"])) != 1:
                raise InputError("--inputs has %d values but %s has %d durations; give --durations too"
                                 % (len(inputs), base_name, len(s["durations"])))
            s["durations"] = [s["durations"][0]] * len(inputs)
        s["inputs"] = inputs
    if not s["durations"]:
        raise InputError("nothing to run: give --durations (e.g. --durations 1,2,3), --preset NAME or "
                         "--scenario FILE.json")


def scenario_from_args(argv):
    options = build_parser().parse_args(argv)
    for flag in ("csv", "png", "svg", "pdf", "size", "theme"):
        if getattr(options, flag) is not None:
            raise InputError("--%s is not written by the recorder: write --trace FILE, then run "
                             "`poolscope render FILE --%s ...`" % (flag, flag if flag != "size" else "png"))
    if options.scheduler is not None and options.engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    if options.scheduler is not None and not re.fullmatch(r"(tcp|tls|inproc|ws|wss|ucx)://\S+", options.scheduler):
        raise InputError("--scheduler %s is not a scheduler address such as tcp://127.0.0.1:8786"
                         % options.scheduler)
    if options.preset and options.scenario:
        raise InputError("give either --preset or --scenario, not both")
    base_name = "the default scenario"
    if options.preset:
        scenario = load_preset(options.preset)
        base_name = "preset " + options.preset
    elif options.scenario:
        scenario = load_scenario(options.scenario)
        base_name = options.scenario
    else:
        scenario = {"mode": "map", "workers": 3, "chunksize": 0, "workload": "sleep", "fail_task": None,
                    "inputs": [], "durations": []}
    if options.mode is not None:
        scenario["mode"] = options.mode
    if options.workers is not None:
        workers = _positive_int(options.workers, "--workers")
        if not 1 <= workers <= MAX_WORKERS:
            raise InputError("--workers must be between 1 and %d, not %d" % (MAX_WORKERS, workers))
        scenario["workers"] = workers
    if options.chunksize is not None:
        chunksize = _positive_int(options.chunksize, "--chunksize")
        if not 1 <= chunksize <= 1000000000:
            raise InputError("--chunksize must be 1 or more, not %d" % chunksize)
        scenario["chunksize"] = chunksize
    inputs = durations = None
    if options.inputs is not None:
        inputs = _number_list(options.inputs, "--inputs", _integer_text, "a whole number")
    if options.durations is not None:
        durations = _number_list(options.durations, "--durations", _float_text, "a number of seconds")
    _merge_tasks(scenario, inputs, durations, base_name)
    if options.workload is not None:
        scenario["workload"] = options.workload
    failing = scenario["workload"] in ("crash", "raise")
    if options.fail_task is not None:
        if not failing:
            raise InputError("--fail-task needs --workload crash or --workload raise")
        fail_task = _positive_int(options.fail_task, "--fail-task")
        if not 0 <= fail_task < len(scenario["durations"]):
            raise InputError("--fail-task %d is out of range: the tasks are 0 to %d"
                             % (fail_task, len(scenario["durations"]) - 1))
        scenario["fail_task"] = fail_task
    elif not failing:
        scenario["fail_task"] = None
    elif scenario.get("fail_task") is None or scenario["fail_task"] >= len(scenario["durations"]):
        scenario["fail_task"] = 0
    validate(scenario)
    if options.trace:
        trace_dir = os.path.dirname(os.path.abspath(options.trace))
        if os.path.isdir(options.trace):
            raise InputError("--trace %s is a directory" % options.trace)
        if not os.path.isdir(trace_dir):
            raise InputError("--trace %s: the folder %s does not exist" % (options.trace, trace_dir))
        if not os.access(trace_dir, os.W_OK):
            raise InputError("--trace %s: the folder %s is not writable" % (options.trace, trace_dir))
    return scenario, options
