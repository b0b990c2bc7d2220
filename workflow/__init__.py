"""leaflet-workflow: English patient-education articles into reviewed Indian-language leaflets."""

__version__ = "0.1.0"
