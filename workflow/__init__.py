"""leaflet-workflow: English patient-education articles into reviewed Indian-language leaflets."""

from pathlib import Path

__version__ = "0.1.0"

#: The package's own files: page templates (also a source of interface strings) and CSS.
PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
