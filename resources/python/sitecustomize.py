"""Switches PoolScope's recorder on in a program started by `poolscope watch`.

`poolscope watch -- python3 script.py` puts this folder first on PYTHONPATH and names, in
POOLSCOPE_WATCH_FD, the descriptor PoolScope reads. Python imports this module before the script runs;
it starts recording every Pool, ProcessPoolExecutor and Dask Client call of the program, streaming each
event to PoolScope as it happens. The variable is removed at once, so the processes the program starts
(spawned workers, Dask workers, other programs) are not recorded a second time. In any other program this
module does nothing but hand over to the system's own sitecustomize, if there is one.
"""

import importlib.machinery
import importlib.util
import os
import sys


def _chain_to_system_sitecustomize():
    # This module shadows the system's sitecustomize (Debian's installs apport's crash hook): run it too.
    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        if not entry or os.path.abspath(entry) == here:
            continue
        spec = importlib.machinery.PathFinder.find_spec("sitecustomize", [entry])
        if spec is not None and spec.loader is not None:
            module = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(module)
            except Exception:  # noqa: BLE001 - the system's hook failing must not stop the program
                pass
            return


def _start_watching():
    fd = os.environ.pop("POOLSCOPE_WATCH_FD", None)
    if not fd:
        return
    try:
        import poolscope_record  # noqa: PLC0415 - found beside this module

        poolscope_record._watch(int(fd))
    except Exception as exc:  # noqa: BLE001 - the program runs on, unrecorded, and says why
        print("poolscope watch: cannot record this program: %s" % exc, file=sys.stderr)


_start_watching()
_chain_to_system_sitecustomize()
