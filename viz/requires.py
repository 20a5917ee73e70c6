"""Checks, before a viz script starts, that this Python has the modules it needs.

The plotting scripts use Debian's python3-h5py and python3-matplotlib, which /usr/bin/python3
has; a `python3` found earlier on PATH (pyenv, conda, a virtual environment) often lacks them
and would fail with a traceback. Run the scripts as /usr/bin/python3 viz/SCRIPT.py ...
"""
import importlib
import os
import sys


def require(*modules):
    """Exits with a one-line message naming the missing modules and /usr/bin/python3."""
    missing = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        script = os.path.basename(sys.argv[0]) or "this script"
        sys.exit(
            f"{script}: this Python ({sys.executable}) has no {' or '.join(missing)}; "
            f"run it with /usr/bin/python3 (Debian's python3-h5py and python3-matplotlib): "
            f"/usr/bin/python3 viz/{script} ..."
        )
