"""Force every library into offline, no-telemetry mode.

Imported first by every entry point, before anything imports transformers,
chromadb or gradio: the machine has no internet, and nothing may phone home.
"""
import os

_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "DO_NOT_TRACK": "1",
}


def apply() -> None:
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


apply()
