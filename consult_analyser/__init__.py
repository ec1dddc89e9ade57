"""Consult Analyser: offline analysis of public consultation responses."""

import os as _os

__version__ = "0.1.0"

# Nothing leaves the machine: onnxruntime reads this when it is first imported (whoever imports
# it), and without it starts a telemetry uploader (see paths.configure_runtime).
_os.environ["ORT_DISABLE_TELEMETRY"] = "1"
